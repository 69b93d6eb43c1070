"""The bundled embedder, real weights: what the store and the verifier rely on."""

import numpy as np
import pytest

from assistant import Settings, StoreError
from assistant.embed import load_embedder, quantised_minilm
from assistant.index import ArticleStore

EMBEDDERS = ["all-MiniLM-L6-v2", "all-MiniLM-L6-v2-int8"]
NEWS = ["Svevind plans to invest $50 billion in green hydrogen in Kazakhstan.",
        "The council approved a budget of 2 million euros for its harbour on Tuesday.",
        "Police named the attacker as Khalid Masood, 52, who was born in Kent.",
        "Shares in the carmaker fell 4% after it cut its forecast for the year."]


@pytest.mark.parametrize("name", EMBEDDERS)
def test_vectors_are_unit_length_in_input_order_whatever_the_batch(name):
    embedder = load_embedder(Settings().with_(embedder=name).ingest)
    texts = ["Svevind plans to invest $50 billion in green hydrogen in Kazakhstan, the company said on Monday. " * 3,
             "Who won?", "", "The council approved the harbour budget."]
    together = embedder.encode(texts)
    alone = np.vstack([embedder.encode([t]) for t in texts])
    assert together.shape == (4, embedder.dimension) and together.dtype == np.float32
    assert np.allclose(np.linalg.norm(together[[0, 1, 3]], axis=1), 1.0, atol=1e-5)
    assert np.allclose(together, alone, atol=1e-4)  # length-sorted batching puts every row back in its place
    assert embedder.encode([]).shape == (0, embedder.dimension)


@pytest.mark.parametrize("name", EMBEDDERS)
def test_a_paraphrase_is_nearer_than_another_story(name):
    embedder = load_embedder(Settings().with_(embedder=name).ingest)
    question, paraphrase, other = embedder.encode([
        "How much money is Svevind putting into Kazakhstan?",
        "Svevind will invest $50 billion in a hydrogen project in Kazakhstan.",
        "The council approved a budget for the harbour on Tuesday."])
    assert question @ paraphrase > question @ other + 0.2


def test_the_int8_model_is_made_once_from_the_bundled_weights_and_stays_close_to_them(tmp_path):
    made = quantised_minilm(tmp_path)
    assert made.stat().st_size < 40e6 and quantised_minilm(tmp_path) == made  # int8: a quarter of fp32's 90 MB
    assert [p.name for p in tmp_path.iterdir()] == [made.name]  # no scratch left behind
    exact = load_embedder(Settings().ingest).encode(NEWS)
    int8 = load_embedder(Settings().with_(embedder="all-MiniLM-L6-v2-int8", embed_cache=tmp_path).ingest).encode(NEWS)
    assert ((exact * int8).sum(axis=1) > 0.97).all()
    assert np.abs(int8 @ int8.T - exact @ exact.T).max() < 0.05  # similarities between texts barely move


def test_a_store_made_by_one_refuses_the_other(settings, tmp_path):
    place = settings.with_(data_dir=tmp_path / "data")
    ArticleStore(place, load_embedder(place.ingest)).close()
    with pytest.raises(StoreError, match="all-MiniLM-L6-v2 .*all-MiniLM-L6-v2-int8"):
        ArticleStore(place, load_embedder(place.with_(embedder="all-MiniLM-L6-v2-int8").ingest))
