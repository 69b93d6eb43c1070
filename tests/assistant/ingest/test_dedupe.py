from assistant import Settings
from assistant.ingest import load_articles
from assistant.ingest.dedupe import find_duplicates
from assistant.ingest.readers import parse_article
from tests.conftest import CORPUS, SVEVIND


def test_exact_and_near_copies_are_found_and_distinct_stories_are_not():
    original = parse_article((CORPUS / f"{SVEVIND}.txt").read_text(), SVEVIND)
    text = original.text
    exact = parse_article(text, "exact-copy")
    near = parse_article(text.replace("Kallanish notes.", "Reuters reports.").replace("last October", "in October"),
                         "wire-copy")
    other = parse_article((CORPUS / "001_5436334235eae243.txt").read_text(), "other")
    half = parse_article(text[: len(text) // 2], "half")
    found = find_duplicates([original, exact, other, near, half], threshold=0.8)
    assert found == {"exact-copy": SVEVIND, "wire-copy": SVEVIND}


def test_load_articles_keeps_the_first_copy_and_says_which(tmp_path):
    (tmp_path / "a.txt").write_text((CORPUS / f"{SVEVIND}.txt").read_text())
    (tmp_path / "b.txt").write_text((CORPUS / f"{SVEVIND}.txt").read_text().replace("Kallanish", "Wire"))
    result = load_articles([tmp_path], Settings().ingest)
    assert [a.id for a in result.articles] == ["a"] and result.duplicates == {"b": "a"}
