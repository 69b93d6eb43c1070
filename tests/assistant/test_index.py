"""The real Chroma store (embedded) with the real embedder."""

import pytest

from assistant.index import ArticleStore, StoreError
from assistant.ingest import load_articles
from tests.conftest import EU_MEETING, SVEVIND


@pytest.fixture
def store(settings, desk, tmp_path):
    return ArticleStore(settings.with_(data_dir=tmp_path / "data"), desk.embedder)


def _snapshot(store):
    got = store.chunk_collection.get(include=["documents", "metadatas"])
    return sorted(zip(got["ids"], got["documents"]))


def test_ingest_is_idempotent(store, corpus_copy):
    articles = load_articles([corpus_copy]).articles
    first = store.sync(articles, progress=False)
    assert sorted(first.added) == [SVEVIND, EU_MEETING] and first.chunks > 0
    before = _snapshot(store)
    second = store.sync(load_articles([corpus_copy]).articles, progress=False)
    assert second.added == second.updated == [] and sorted(second.unchanged) == [SVEVIND, EU_MEETING]
    assert _snapshot(store) == before


def test_changed_article_replaces_its_chunks_and_removed_article_goes(store, corpus_copy):
    store.sync(load_articles([corpus_copy]).articles, progress=False)
    path = corpus_copy / f"{SVEVIND}.txt"
    path.write_text(path.read_text().replace("$50 billion", "$70 billion"))
    report = store.sync(load_articles([corpus_copy]).articles, progress=False)
    assert report.updated == [SVEVIND]
    texts = " ".join(doc for _, doc in _snapshot(store))
    assert "$70 billion" in texts and "$50 billion" not in texts
    (corpus_copy / f"{EU_MEETING}.txt").unlink()
    report = store.sync(load_articles([corpus_copy]).articles, prune=True, progress=False)
    assert report.removed == [EU_MEETING]
    assert [a.id for a in store.articles()] == [SVEVIND]
    assert all(not i.startswith(EU_MEETING) for i, _ in _snapshot(store))


def test_article_record_gives_back_text_and_sentence_offsets(store, corpus_copy):
    store.sync(load_articles([corpus_copy]).articles, progress=False)
    article, sentences = store.article(SVEVIND)
    assert all(article.text[s.start:s.end] == s.text for s in sentences)
    with pytest.raises(KeyError):
        store.article("no-such-article")


def test_corrupt_store_gives_a_clear_error(settings, desk, tmp_path):
    broken = tmp_path / "broken"
    (broken / "chroma").mkdir(parents=True)
    (broken / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open the Chroma store"):
        ArticleStore(settings.with_(data_dir=broken), desk.embedder)
