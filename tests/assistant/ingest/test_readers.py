import codecs
import csv
import json
from types import SimpleNamespace

import pytest

from assistant import ReadError, Settings
from assistant.ingest import load_articles
from assistant.ingest.readers import normalise_date, parse_article, read_articles, safe_id
from tests.conftest import CORPUS, EU_MEETING, SVEVIND, read_one


def _load(paths):
    """Every article read from these paths, and the lines that say what was skipped (known once all is read)."""
    result = load_articles(paths, Settings().ingest)
    return SimpleNamespace(articles=list(result), errors=result.errors)


def test_bundled_articles_carry_their_metadata_and_file_name_ids():
    article = read_one(CORPUS / f"{SVEVIND}.txt")
    assert article.id == SVEVIND
    assert article.info.publisher == "Kallanish"
    assert article.info.title.startswith("Kazakhstan and UK sign memorandums")
    assert not article.text.startswith("---")


def test_ids_and_hashes_are_stable_and_hashes_follow_content(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("The council approved the budget on Tuesday.")
    first, second = read_one(path), read_one(path)
    assert first.id == second.id == "story"
    assert first.content_hash == second.content_hash
    path.write_text("The council rejected the budget on Tuesday.")
    assert read_one(path).content_hash != first.content_hash


def test_front_matter_id_and_date_are_read():
    article = parse_article("---\nid: my story\ndate: March 20, 2023\n---\nIt happened.", default_id="f")
    assert article.id == "my-story"
    assert article.info.date == "2023-03-20"
    assert article.info.title == "It happened."


@pytest.mark.parametrize("written, iso", [
    ("2016/12/30 7:11", "2016-12-30"), ("Mon, 13 Feb 2017 10:00:00 GMT", "2017-02-13"),
    ("February 13, 2017 at 4pm", "2017-02-13"), ("2017-01-05 10:53:00", "2017-01-05"),
])
def test_a_date_with_a_time_or_weekday_is_read(written, iso):
    assert normalise_date(written) == iso


def test_unreadable_date_is_an_error_not_a_guess():
    with pytest.raises(ReadError, match="yyyy-mm-dd"):
        normalise_date("sometime last spring")


def test_bad_files_are_reported_and_the_rest_still_load(tmp_path):
    (tmp_path / "good.txt").write_text("The mayor opened the bridge on Monday.")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (tmp_path / "latin.txt").write_bytes("Le café a ouvert ses portes lundi à Paris.".encode("cp1252"))
    (tmp_path / "empty.txt").write_text("Advertisement\n\n")
    result = _load([tmp_path])
    assert sorted(a.id for a in result.articles) == ["good", "latin"]
    assert "café" in next(a for a in result.articles if a.id == "latin").text
    assert any("binary" in e for e in result.errors)
    assert any("empty" in e and "no article text" in e for e in result.errors)


def test_unsupported_type_and_missing_path_are_clear(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    result = _load([tmp_path / "a.pdf"])
    assert result.errors and "unsupported file type" in result.errors[0]
    with pytest.raises(ReadError, match="no such file or folder"):
        load_articles([tmp_path / "nope"], Settings().ingest)


def test_corpus_loads_both_seeds():
    result = _load([CORPUS])
    assert result.errors == []
    assert {a.id for a in result.articles} == {SVEVIND, EU_MEETING}


def test_feeds_give_one_article_per_row_with_stable_ids(tmp_path):
    rows = [{"title": "Port record", "text": "The Port of Valdora handled 8.4 million containers in 2023.",
             "publish_date": "2024-01-05 10:53:00", "article_source_link": "https://example.com/port",
             "source": "Valdora Post"},
            {"headline": "Bridge approved", "body": "The Tamsk council approved the bridge on Tuesday."},
            {"title": "No text here"}]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    (tmp_path / "feed.json").write_text(json.dumps({"articles": rows[:1]}))
    with (tmp_path / "feed.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["id", "title", "text", "date"])
        writer.writeheader()
        writer.writerow({"id": "c1", "title": "Harbour", "text": "Dredging starts in June.", "date": "2024-02-01"})
    first = _load([tmp_path / "feed.jsonl"])
    again = _load([tmp_path / "feed.jsonl"])
    assert [a.id for a in first.articles] == [a.id for a in again.articles]
    port = first.articles[0]
    assert port.info.date == "2024-01-05" and port.info.publisher == "Valdora Post"
    assert port.info.url == "https://example.com/port" and port.id.startswith("feed-")
    assert first.articles[1].info.title == "Bridge approved"
    assert len(first.errors) == 1 and "feed.jsonl line 3: no text field" in first.errors[0]
    assert _load([tmp_path / "feed.csv"]).articles[0].id == "c1"
    json_port = _load([tmp_path / "feed.json"]).articles[0]
    assert json_port.id == port.id  # the same story has the same id in any feed of the same name


def test_html_page_keeps_the_story_and_drops_scripts_navigation_and_ads(tmp_path):
    (tmp_path / "port.html").write_text(
        "<html><head><title>Port | Daily Example</title><meta property='og:site_name' content='Daily Example'>"
        "<meta name='date' content='2024-03-02'></head><body><nav>Home | World | Sport</nav>"
        "<div class='ad'>Buy now</div><article><h1>Port handles record traffic</h1>"
        "<p>The Port of Valdora handled 8.4 million containers in 2023, its director said on Monday.</p>"
        "<p>Dredging of the channel starts in June, the port authority announced in a statement.</p></article>"
        "<script>alert(1)</script><footer>Copyright 2024</footer></body></html>")
    article = _load([tmp_path]).articles[0]
    assert article.id == "port" and article.info.date == "2024-03-02"
    assert article.info.publisher == "Daily Example"
    assert "8.4 million containers" in article.text and "Dredging of the channel" in article.text
    for junk in ("Buy now", "alert", "Home | World", "Copyright"):
        assert junk not in article.text


def good(article_id):
    """A feed row with its own text (identical texts would be kept once, as wire copies)."""
    return {"id": article_id, "title": "Port record", "text": f"Story {article_id}: the port handled 8.4 million boxes."}


def _rows(tmp_path, name, content):
    (tmp_path / name).write_text(content)
    return _load([tmp_path / name])


def test_a_malformed_jsonl_line_is_reported_with_its_line_and_the_rest_goes_in(tmp_path):
    lines = [json.dumps(good("a")), "{not json", "", json.dumps([1, 2]), "7",
             json.dumps({**good("b"), "url": "http://"}), json.dumps({**good("c"), "url": "https://[::1"})]
    result = _rows(tmp_path, "feed.jsonl", "\n".join(lines))
    assert [a.id for a in result.articles] == ["a", "b", "c"]
    assert [e.split(":")[0] for e in result.errors] == ["feed.jsonl line 2", "feed.jsonl line 4", "feed.jsonl line 5"]
    assert "expected an article object, found list" in result.errors[1]


def test_json_list_items_that_are_not_objects_are_skipped_one_by_one(tmp_path):
    result = _rows(tmp_path, "feed.json", json.dumps([good("a"), 3, None, good("b")]))
    assert [a.id for a in result.articles] == ["a", "b"] and len(result.errors) == 2


def test_csv_with_an_unbalanced_quote_keeps_the_rows_before_it_and_says_where(tmp_path):
    content = 'id,text\na,"The Port of Valdora handled 8.4 million containers."\nb,"Unclosed quote here\nc,Never read.\n'
    result = _rows(tmp_path, "feed.csv", content)
    assert [a.id for a in result.articles] == ["a"]
    assert result.errors[0].startswith("feed.csv line 3: not valid CSV from here on")


def test_csv_row_with_extra_cells_is_reported(tmp_path):
    result = _rows(tmp_path, "feed.csv", 'id,text\na,"Good row here."\nb,"Bad row",extra\n')
    assert [a.id for a in result.articles] == ["a"] and "line 3: 1 more cells" in result.errors[0]


def test_front_matter_errors_name_the_file(tmp_path):
    result = _rows(tmp_path, "story.txt", "---\ndate: someday\n---\nIt happened.")
    assert result.errors[0].startswith("story.txt: ") and "someday" in result.errors[0]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_files_with_a_byte_order_mark_are_text(tmp_path, encoding):
    text = "The Tamsk bridge will cost 12 million euros, the mayor said."
    bom = {"utf-16": b"", "utf-16-be": codecs.BOM_UTF16_BE, "utf-32": b""}[encoding]
    (tmp_path / "story.txt").write_bytes(bom + text.encode(encoding))
    result = _load([tmp_path / "story.txt"])
    assert result.errors == [] and result.articles[0].text == text


def test_html_date_comes_from_metadata_never_from_a_copyright_line(tmp_path):
    body = ("<article><h1>Bridge approved</h1><p>The Tamsk town council approved the construction of a new bridge "
            "over the Tamsk river on Tuesday, officials said in a statement.</p></article>"
            "<footer>Copyright 2023 Tamsk Gazette. All rights reserved.</footer>")
    (tmp_path / "footer.html").write_text(f"<html><head><title>Bridge</title></head><body>{body}</body></html>")
    (tmp_path / "meta.html").write_text('<html><head><title>Bridge</title><meta property="article:published_time" '
                                        f'content="2024-05-02T10:00:00Z"></head><body>{body}</body></html>')
    dates = [_load([tmp_path / name]).articles[0].info.date for name in ("footer.html", "meta.html")]
    assert dates == ["", "2024-05-02"]


@pytest.mark.parametrize("name", ["..", ".", "-.-", "../..", "   "])
def test_ids_that_could_be_a_path_are_refused(name):
    with pytest.raises(ReadError, match="cannot be used as an article id"):
        safe_id(name)
    assert safe_id("../../etc/passwd") == "etc-passwd" and safe_id(".hidden.story.") == "hidden.story"


def test_each_article_knows_its_source(tmp_path):
    (tmp_path / "story.txt").write_text("A story.\n")
    (tmp_path / "feed.jsonl").write_text('{"text": "Row one.", "url": "https://example.org/1"}\n'
                                         '{"id": "r2", "text": "Row two."}\n')
    articles, _ = read_articles(tmp_path / "story.txt", 1000)
    assert articles[0].source == str((tmp_path / "story.txt").resolve())
    rows, _ = read_articles(tmp_path / "feed.jsonl", 1000)
    assert [r.source for r in rows] == ["https://example.org/1", str((tmp_path / "feed.jsonl").resolve())]


def test_a_numeric_date_whose_day_and_month_may_swap_is_an_error():
    with pytest.raises(ReadError, match="yyyy-mm-dd"):
        normalise_date("03/04/2017 10:00")
