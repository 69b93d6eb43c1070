"""The on-disk keyword index (SQLite FTS5): ranking, filters, updates and bad input."""

import sqlite3

import pytest

from assistant import Filters, StoreError
from assistant.keyword import QUERY_TERMS, KeywordIndex, KeywordRow, match_expression
from assistant.retrieve import to_metadata_filters


def _row(chunk, article, text, publisher="Kallanish", date_num=20230320):
    return KeywordRow(chunk, article, (0, 1), publisher, date_num, text)


@pytest.fixture
def index(tmp_path):
    index = KeywordIndex(tmp_path / "k.sqlite3")
    index.add([
        _row("a-0", "a", "Svevind plans to invest $50 billion in green hydrogen in Kazakhstan."),
        _row("b-0", "b", "The council approved a harbour budget on Tuesday.", publisher="Reuters"),
        _row("c-0", "c", "Hydrogen investments in Kazakhstan were discussed.", date_num=None),
        _row("d-0", "d", "Kazakhstan's hydrogen plans, investors said, are the largest.", date_num=20240105),
    ])
    yield index
    index.close()


def test_best_match_first_and_words_are_stemmed(index):
    found = index.search("How much is Svevind investing in Kazakhstan?", 4)
    assert found[0].article_id == "a" and found[0].sentences == (0, 1)
    assert {f.article_id for f in found} == {"a", "c", "d"}  # "investing" meets "invest" and "investments"
    assert index.search("the of and", 4) == []  # stop words alone ask for nothing


@pytest.mark.parametrize("question", ['NEAR(hydrogen "', "hydrogen AND OR NOT *", "col:hydrogen^", "\x00hydrogen"])
def test_words_that_look_like_query_syntax_are_only_words(index, question):
    assert {f.article_id for f in index.search(question, 4)} == {"a", "c", "d"}


def test_a_50_kb_question_is_cut_to_its_first_words_not_an_error(index):
    question = "hydrogen " + " ".join(f"word{i}" for i in range(10_000))
    assert match_expression(question).count(" OR ") == QUERY_TERMS - 1
    assert {f.article_id for f in index.search(question, 4)} == {"a", "c", "d"}


def test_filters_agree_with_the_chroma_side(index):
    filters = Filters(("Kallanish",), "2023-01-01", "2023-12-31")
    assert [f.article_id for f in index.search("hydrogen Kazakhstan harbour", 4, filters)] == ["a"]  # undated c, 2024's d out
    conditions = {(f.key, f.operator.value, str(f.value)) for f in to_metadata_filters(filters).filters}
    assert conditions == {("publisher", "in", "['Kallanish']"), ("date_num", ">=", "20230101"),
                          ("date_num", "<=", "20231231")}
    assert {f.article_id for f in index.search("harbour", 4, Filters(("Reuters",)))} == {"b"}


def test_updates_replace_a_chunk_and_removals_take_every_chunk_of_an_article(index):
    index.add([_row("a-0", "a", "Svevind postponed its harbour plans."), _row("a-1", "a", "Svevind harbour works.")])
    assert index.count() == 5
    assert {f.chunk_id for f in index.search("harbour", 4)} == {"a-0", "a-1", "b-0"}
    assert index.search("billion", 4) == []  # the old text of a-0 is gone
    index.remove(["a", "no-such-article"])
    assert index.count() == 3 and {f.article_id for f in index.search("harbour Svevind", 4)} == {"b"}


def test_a_failed_write_leaves_the_last_committed_state(index):
    with pytest.raises(sqlite3.ProgrammingError):
        index.add([_row("e-0", "e", "Ports of Kazakhstan."), _row("e-1", "e", object())])
    assert index.count() == 4 and all(f.article_id != "e" for f in index.search("ports", 4))


def test_a_corrupt_file_is_a_clear_error_naming_it(tmp_path):
    path = tmp_path / "k.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match=r"keyword index at .*k\.sqlite3.*delete"):
        KeywordIndex(path)
