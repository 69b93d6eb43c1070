"""The same ingest and questions against a real `chroma run` server as against the embedded store."""

import pytest

from assistant import ChromaServer, Filters, Newsdesk
from tests.conftest import CORPUS, EU_MEETING, SVEVIND

QUESTIONS = ["How much does Svevind plan to invest in Kazakhstan?", "Who is Luc Devigne?",
             "Which metals do Kazakh manufacturers supply to the EU?"]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    with ChromaServer(tmp_path_factory.mktemp("chroma-server")) as url:
        yield url


def _evidence(desk, question, filters=None):
    return [(e.article.id, e.sentence.index) for e in desk.evidence(question, filters).evidence]


def test_server_store_gives_the_same_evidence_as_embedded(desk, chroma_url):
    with Newsdesk(desk.settings.with_(chroma_url=chroma_url)) as remote:
        loaded, report = remote.ingest([CORPUS], progress=False)
        assert len(report.added) == 2
        assert remote.ingest([CORPUS], progress=False)[1].added == []  # idempotent there too
        for question in QUESTIONS:
            assert _evidence(desk, question) == _evidence(remote, question), question
        assert remote.remove([SVEVIND]) == [SVEVIND]
        assert [a.id for a in remote.articles()] == [EU_MEETING]


def test_a_second_machine_on_the_same_server_keeps_its_own_keyword_index_level_with_it(settings, chroma_url, tmp_path):
    """Vectors are shared on the server; each machine's keyword index and copy signatures are its own, rebuilt when
    the server holds other chunks than it has (the other machine ingested or removed), and so are its sentence
    vectors, made when it first reads an article the other machine stored."""
    shared = settings.with_(chroma_url=chroma_url, collection="two-machines")
    with Newsdesk(shared.with_(data_dir=tmp_path / "a")) as first, Newsdesk(shared.with_(data_dir=tmp_path / "b")) as second:
        first.ingest([CORPUS], progress=False)
        assert {e.article.id for e in second.evidence("Svevind hydrogen Kazakhstan").evidence} >= {SVEVIND}
        assert [(e.article.id, e.sentence.index) for e in second.evidence(QUESTIONS[0]).evidence] == \
            [(e.article.id, e.sentence.index) for e in first.evidence(QUESTIONS[0]).evidence]
        first.remove([SVEVIND])
        assert all(e.article.id != SVEVIND for e in second.evidence("Svevind hydrogen Kazakhstan").evidence)
        assert second.ingest([CORPUS], progress=False)[1].added == [SVEVIND]  # not a "copy" of what the first removed
    assert sorted(p.name for p in (tmp_path / "b").iterdir() if p.suffix == ".sqlite3") == [
        f"two-machines@127.0.0.1-{chroma_url.rsplit(':', 1)[1]}.{kind}.sqlite3"
        for kind in ("copies", "entities", "keywords", "sentences")]


def test_filters_restrict_evidence_by_publisher_and_date(desk):
    assert {a for a, _ in _evidence(desk, "green hydrogen", Filters(publishers=("Kallanish",)))} == {SVEVIND}
    # neither seed has a publication date: a date range excludes both
    assert _evidence(desk, "green hydrogen", Filters(date_from="2020-01-01")) == []


def test_the_refusal_under_a_filter_lists_only_articles_within_it_and_says_undated_ones_are_left_out(desk):
    from tests.fakes import FakeLLM

    with Newsdesk(desk.settings, llm=FakeLLM()) as quiet:
        by_publisher = quiet.ask("What was the price of lithium in 2024?", filters=Filters(publishers=("Kallanish",)))
        assert by_publisher.refused and [a.id for a in by_publisher.closest] == [SVEVIND]
        by_date = quiet.ask("What was the price of lithium in 2024?", filters=Filters(date_from="2020-01-01"))
        assert by_date.refused and by_date.closest == []
        assert "2 undated article(s) are left out by the date filter." in by_date.notice
