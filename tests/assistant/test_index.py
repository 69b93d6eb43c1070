"""The real Chroma store (embedded) with the real embedder."""

import numpy as np
import pytest

from assistant import NotFoundError, StoreError
from assistant.embed import load_embedder
from assistant.index import PAGE, ArticleStore
from assistant.ingest import load_articles
from assistant.types import Article, ArticleInfo
from tests.conftest import EU_MEETING, SVEVIND


@pytest.fixture
def store(settings, tmp_path):
    return ArticleStore(settings.with_(data_dir=tmp_path / "data"), load_embedder(settings.ingest))


def _articles(folder):
    from assistant import Settings

    return list(load_articles([folder], Settings().ingest))


def _ingest(store, folder):
    """Store the folder's articles searchable, then make their vectors, as `Newsdesk.ingest` does."""
    report = store.sync(_articles(folder), progress=False)
    store.embed_waiting(progress=False, report=report)
    return report


def test_a_feed_is_stored_a_batch_at_a_time_as_it_is_read(store):
    """A feed of any length is never whole in memory: at most `PAGE` rows are read ahead of what is stored."""
    import random

    words = random.Random(0).choices(["harbour", "council", "bridge", "minister", "budget", "river", "strike", "vote",
                                      "port", "court", "mayor", "school", "train", "storm", "bank", "wage"], k=12 * 700)
    searchable_when_last_was_read = []

    def feed(rows):
        for n in range(rows):
            if n == rows - 1:
                searchable_when_last_was_read.append(store.vectors_waiting())
            yield Article(ArticleInfo(f"row-{n}", f"Story {n}"), " ".join(words[12 * n:12 * n + 12]) + f" on day {n}.")

    report = store.sync(feed(PAGE + 100), progress=False)
    assert searchable_when_last_was_read[0] >= PAGE - store.settings.ingest.ingest_batch
    assert len(report.added) + len(report.duplicates) == PAGE + 100 == store.vectors_waiting() + len(report.duplicates)


def _snapshot(store):
    got = store.chunk_collection.get(include=["metadatas"])
    return sorted((i, m["article_id"], m["sentences"]) for i, m in zip(got["ids"], got["metadatas"]))


def test_ingest_is_idempotent(store, corpus_copy):
    first = _ingest(store, corpus_copy)
    assert sorted(first.added) == [SVEVIND, EU_MEETING] and first.chunks > 0
    before = _snapshot(store)
    second = _ingest(store, corpus_copy)
    assert second.added == second.updated == [] and sorted(second.unchanged) == [SVEVIND, EU_MEETING]
    assert _snapshot(store) == before


def test_changed_article_replaces_its_chunks_and_removed_article_goes(store, corpus_copy):
    _ingest(store, corpus_copy)
    path = corpus_copy / f"{SVEVIND}.txt"
    path.write_text(path.read_text().replace("$50 billion", "$70 billion"))
    report = _ingest(store, corpus_copy)
    assert report.updated == [SVEVIND]
    text = store.article(SVEVIND)[0].text
    assert "$70 billion" in text and "$50 billion" not in text
    assert store.keyword_search("70 billion", 1, None)[0].article_id == SVEVIND
    assert store.keywords.count() == len(_snapshot(store))  # the old version's chunks are gone from both
    (corpus_copy / f"{EU_MEETING}.txt").unlink()
    report = store.sync(_articles(corpus_copy), prune=True, progress=False)
    assert report.removed == [EU_MEETING]
    assert [a.id for a in store.articles()] == [SVEVIND]
    assert all(article != EU_MEETING for _, article, _ in _snapshot(store))


def test_article_record_gives_back_text_and_sentence_offsets(store, corpus_copy):
    _ingest(store, corpus_copy)
    article, sentences = store.article(SVEVIND)
    assert all(article.text[s.start:s.end] == s.text for s in sentences)
    with pytest.raises(NotFoundError, match="no article with id 'no-such-article'"):
        store.article("no-such-article")


def test_corrupt_store_gives_a_clear_error(settings, tmp_path):
    broken = tmp_path / "broken"
    (broken / "chroma").mkdir(parents=True)
    (broken / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open the Chroma store"):
        ArticleStore(settings.with_(data_dir=broken), load_embedder(settings.ingest))


class OtherEmbedder:
    """Another model with the same dimension: its vectors would silently mix with MiniLM's."""

    name, dimension = "other-model", 384

    def encode(self, texts):
        raise AssertionError("never called: the store is refused first")


def test_store_made_by_another_embedder_or_chunking_is_refused_with_how_to_reindex(settings, store, corpus_copy):
    _ingest(store, corpus_copy)
    same_place = settings.with_(data_dir=store.settings.store.data_dir)
    with pytest.raises(StoreError, match="made by all-MiniLM-L6-v2.*other-model.*Re-index"):
        ArticleStore(same_place, OtherEmbedder())
    with pytest.raises(StoreError, match="chunking"):
        ArticleStore(same_place.with_(chunk_words=200), load_embedder(settings.ingest))
    assert ArticleStore(same_place, load_embedder(settings.ingest)).count() == 2  # the right one still opens it


def test_chunks_without_their_article_record_are_skipped_found_and_repaired(settings, store, corpus_copy):
    """What kill -9 between the chunk write and the record write leaves behind."""
    from assistant import Newsdesk

    _ingest(store, corpus_copy)
    store.article_collection.delete(ids=[SVEVIND])  # the record write never happened
    with Newsdesk(settings.with_(data_dir=store.settings.store.data_dir)) as desk:
        evidence = desk.evidence("How much does Svevind plan to invest in Kazakhstan?").evidence
        assert evidence and all(e.article.id == EU_MEETING for e in evidence)  # no crash, no orphan cited
        assert desk.check_store() == [SVEVIND]
        assert desk.check_store(repair=True) == [SVEVIND] and desk.check_store() == []
        desk.ingest([corpus_copy], progress=False)
        assert {e.article.id for e in desk.evidence("How much does Svevind plan to invest?").evidence} >= {SVEVIND}


def test_a_same_named_file_from_another_folder_is_refused_not_written_over(store, corpus_copy, tmp_path):
    _ingest(store, corpus_copy)
    stranger = tmp_path / "elsewhere"
    stranger.mkdir()
    (stranger / f"{SVEVIND}.txt").write_text("A different story that happens to share the file name.\n")
    report = store.sync(_articles(stranger), progress=False)
    assert report.added == report.updated == [] and len(report.refused) == 1
    assert SVEVIND in report.refused[0] and str(corpus_copy) in report.refused[0] and "refused" in report.summary()
    assert "$50 billion" in store.article(SVEVIND)[0].text
    own = corpus_copy / f"{SVEVIND}.txt"  # the same file, changed: an update as before
    own.write_text(own.read_text().replace("$50 billion", "$70 billion"))
    assert _ingest(store, corpus_copy).updated == [SVEVIND]


def test_a_big_article_is_embedded_and_written_in_bounded_slices(settings, tmp_path):
    from assistant.types import Article, ArticleInfo

    embedder = load_embedder(settings.ingest)
    sizes = []
    encode = embedder.encode
    embedder.encode = lambda texts: sizes.append(len(texts)) or encode(texts)
    store = ArticleStore(settings.with_(data_dir=tmp_path / "data", chunk_batch=16), embedder)
    paragraph = " ".join(f"Sentence {i} of the long report names figure {i * 7} for the harbour." for i in range(12))
    text = "\n".join(f"{paragraph} Part {n}." for n in range(30))
    report = store.sync([Article(ArticleInfo("long-report", "Long report"), text, source="long.txt")], progress=False)
    store.embed_waiting(progress=False)
    assert report.chunks > 16 * 2 and max(sizes) <= 16
    assert store.chunk_collection.count() == report.chunks and store.article("long-report")[0].text == text


def test_the_keyword_index_follows_every_write_and_outlives_a_restart(settings, store, corpus_copy, caplog):
    _ingest(store, corpus_copy)
    assert store.keywords.count() == store.chunk_collection.count() > 0
    path = corpus_copy / f"{SVEVIND}.txt"
    path.write_text(path.read_text().replace("$50 billion", "$70 billion").replace("Svevind", "Nordwind"))
    _ingest(store, corpus_copy)
    assert {c.article_id for c in store.keyword_search("Nordwind", 8, None)} == {SVEVIND}
    assert store.keyword_search("Svevind", 8, None) == []  # the old version's words are gone
    store.remove([EU_MEETING])
    assert all(c.article_id == SVEVIND for c in store.keyword_search("ministers meeting Nordwind", 8, None))
    store.close()
    reopened = ArticleStore(store.settings, store.embedder)
    assert "rebuilding" not in caplog.text  # kept on disk, not rebuilt at start
    assert {c.article_id for c in reopened.keyword_search("Nordwind", 8, None)} == {SVEVIND}


def test_a_missing_or_stale_keyword_index_is_rebuilt_once_from_chroma_while_readers_wait(store, corpus_copy, caplog):
    """A store from before the keyword index, a kill between the two writes, or another machine writing to a shared Chroma."""
    import threading

    _ingest(store, corpus_copy)
    expected = store.keyword_search("Svevind Kazakhstan hydrogen", 8, None)
    store.keywords.clear_embedded()
    found = []
    readers = [threading.Thread(target=lambda: found.append(store.keyword_search("Svevind Kazakhstan hydrogen", 8, None)))
               for _ in range(4)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert found == [expected] * 4 and caplog.text.count("rebuilding") == 1


def test_a_rebuild_from_chroma_keeps_the_articles_waiting_for_vectors(store, corpus_copy, caplog):
    _ingest(store, corpus_copy)
    path = corpus_copy / f"{SVEVIND}.txt"
    path.write_text(path.read_text().replace("Svevind", "Nordwind"))
    store.sync(_articles(corpus_copy), progress=False)  # the new version waits for its vectors
    store.keywords.clear_embedded()
    assert {c.article_id for c in store.keyword_search("Nordwind ministers meeting", 8, None)} == {SVEVIND, EU_MEETING}
    assert caplog.text.count("rebuilding") == 1 and store.vectors_waiting() == 1
    store.keyword_search("Nordwind", 8, None)
    assert caplog.text.count("rebuilding") == 1  # level after one rebuild


def test_an_article_is_searchable_by_its_words_before_its_vectors_and_moves_to_chroma_when_they_are_made(store, corpus_copy):
    report = store.sync(_articles(corpus_copy), progress=False)
    assert sorted(report.added) == [SVEVIND, EU_MEETING] and store.chunk_collection.count() == 0
    assert store.vectors_waiting() == store.count() == 2 and {a.id for a in store.articles()} == {SVEVIND, EU_MEETING}
    assert {c.article_id for c in store.keyword_search("Svevind", 8, None)} == {SVEVIND}
    assert "$50 billion" in store.article(SVEVIND)[0].text
    assert store.sync(_articles(corpus_copy), progress=False).unchanged  # a waiting article is stored: not added twice
    assert store.embed_waiting(progress=False) == 2
    assert store.vectors_waiting() == 0 and store.count() == 2
    assert store.chunk_collection.count() == store.keywords.count() == report.chunks
    assert store.article_collection.count() == 2 and "$50 billion" in store.article(SVEVIND)[0].text
    assert store.embed_waiting(progress=False) == 0


def test_the_queue_clears_what_a_killed_batch_left_in_chroma_and_writes_it_again(store, corpus_copy, caplog):
    store.sync(_articles(corpus_copy), progress=False)
    upsert = store.article_collection.upsert
    store.article_collection.upsert = lambda **kwargs: (_ for _ in ()).throw(KeyboardInterrupt)  # killed mid-batch
    with pytest.raises(KeyboardInterrupt):
        store.embed_waiting(progress=False)
    store.article_collection.upsert = upsert
    assert store.chunk_collection.count() > 0 and store.vectors_waiting() == 2  # some vectors in, none taken off the queue
    assert {c.article_id for c in store.keyword_search("Svevind", 8, None)} == {SVEVIND}
    assert store.count() == 2 and "rebuilding" not in caplog.text  # the batch in flight is no mismatch
    assert store.embed_waiting(progress=False) == 2
    assert store.chunk_collection.count() == store.keywords.count() and store.vectors_waiting() == 0


def test_an_article_killed_between_chroma_and_the_queue_is_listed_once(store, corpus_copy):
    """Its record is in Chroma and still waiting: the store's listing and manifest read both, page by page."""
    store.sync(_articles(corpus_copy), progress=False)
    embedded = store.keywords.embedded
    store.keywords.embedded = lambda ids: (_ for _ in ()).throw(KeyboardInterrupt)  # killed after Chroma's write
    with pytest.raises(KeyboardInterrupt):
        store.embed_waiting(progress=False)
    store.keywords.embedded = embedded
    assert store.article_collection.count() == 2 and store.vectors_waiting() == 2
    assert sorted(a.id for a in store.articles()) == sorted([SVEVIND, EU_MEETING])
    assert sorted(store.sync(_articles(corpus_copy), progress=False).unchanged) == sorted([SVEVIND, EU_MEETING])


def test_a_store_whose_records_kept_vectors_moves_them_once_and_keeps_every_article(settings, tmp_path, corpus_copy,
                                                                                     caplog):
    """Stores made before the records lost their vectors (`<collection>_articles`, one 384-number vector each)."""
    where = settings.with_(data_dir=tmp_path / "data")
    store = ArticleStore(where, load_embedder(settings.ingest))
    _ingest(store, corpus_copy)
    got = store.article_collection.get(include=["metadatas", "documents"])
    older = store.client.create_collection(f"{where.store.collection}_articles", metadata={"hnsw:space": "cosine"})
    older.add(ids=got["ids"], metadatas=got["metadatas"], documents=got["documents"],
              embeddings=np.random.default_rng(0).random((len(got["ids"]), 384)).tolist())
    store.client.delete_collection(store.article_collection.name)
    store.close()
    reopened = ArticleStore(where, load_embedder(settings.ingest))
    assert f"{where.store.collection}_articles" not in {c.name for c in reopened.client.list_collections()}
    assert sorted(a.id for a in reopened.articles()) == sorted([SVEVIND, EU_MEETING]) and reopened.count() == 2
    assert "$50 billion" in reopened.article(SVEVIND)[0].text and caplog.text.count("moving the 2 article records") == 1
    assert sorted(reopened.sync(_articles(corpus_copy), progress=False).unchanged) == sorted([SVEVIND, EU_MEETING])
    reopened.close()
    ArticleStore(where, load_embedder(settings.ingest)).close()
    assert caplog.text.count("moving") == 1  # once


def test_a_chunk_keeps_in_chroma_only_what_the_dense_search_filters_on_and_returns(store, corpus_copy):
    _ingest(store, corpus_copy)
    metadatas = store.chunk_collection.get(include=["metadatas"])["metadatas"]
    assert metadatas and all(set(m) - {"date_num"} == {"article_id", "publisher", "sentences"} for m in metadatas)


def test_chunks_an_older_version_wrote_through_llama_index_are_searched_and_replaced(settings, store, corpus_copy):
    """Before, chunks went in through llama-index's `ChromaVectorStore.add`, which keeps a JSON copy of each node."""
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from assistant.retrieve import Retriever

    _ingest(store, corpus_copy)
    got = store.chunk_collection.get(include=["metadatas", "embeddings"])
    store.chunk_collection.delete(ids=got["ids"])
    ChromaVectorStore(chroma_collection=store.chunk_collection).add([
        TextNode(id_=i, text="", metadata=m, embedding=list(map(float, e)),
                 relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=m["article_id"])})
        for i, m, e in zip(got["ids"], got["metadatas"], got["embeddings"])])
    assert "_node_content" in store.chunk_collection.get(limit=1, include=["metadatas"])["metadatas"][0]
    retriever = Retriever(store, store.embedder, settings.retrieval)
    assert retriever.retrieve("How much does Svevind plan to invest?").evidence[0].article.id == SVEVIND
    path = corpus_copy / f"{SVEVIND}.txt"
    path.write_text(path.read_text().replace("$50 billion", "$70 billion"))
    assert _ingest(store, corpus_copy).updated == [SVEVIND]
    assert store.keywords.count() == len(_snapshot(store))  # the older chunks of the changed article are gone


def test_sentence_vectors_are_made_when_a_question_first_ranks_them_and_follow_updates_and_removals(store, corpus_copy):
    _ingest(store, corpus_copy)
    assert store.sentence_vectors.count() == 0  # ingest embeds chunks, not every sentence
    article, sentences = store.article(SVEVIND)
    calls = []
    encode = store.embedder.encode
    store.embedder.encode = lambda texts: calls.append(len(texts)) or encode(texts)
    try:
        first = store.sentence_vectors_of([(article, s) for s in sentences[:3]])
        assert calls == [3] and store.sentence_vectors.count() == 3
        fresh = encode([s.text for s in sentences[:3]])
        assert first.shape == fresh.shape and np.abs((first * fresh).sum(axis=1) - 1).max() < 1e-2
        again = store.sentence_vectors_of([(article, s) for s in sentences[1:4]])
        assert calls == [3, 1] and np.array_equal(again[:2], first[1:])  # only the new sentence is embedded
    finally:
        store.embedder.encode = encode
    path = corpus_copy / f"{SVEVIND}.txt"
    path.write_text(path.read_text().replace("$50 billion", "$70 billion"))
    _ingest(store, corpus_copy)
    assert store.sentence_vectors.count() == 0  # the old version's rows are gone
    store.sentence_vectors_of([(store.article(EU_MEETING)[0], store.article(EU_MEETING)[1][0])])
    store.remove([EU_MEETING])
    assert store.sentence_vectors.count() == 0
