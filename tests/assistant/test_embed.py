"""The bundled embedder, real weights: what the store and the verifier rely on."""

import numpy as np

from assistant import Settings
from assistant.embed import load_embedder


def test_vectors_are_unit_length_in_input_order_whatever_the_batch():
    embedder = load_embedder(Settings().ingest)
    texts = ["Svevind plans to invest $50 billion in green hydrogen in Kazakhstan, the company said on Monday. " * 3,
             "Who won?", "", "The council approved the harbour budget."]
    together = embedder.encode(texts)
    alone = np.vstack([embedder.encode([t]) for t in texts])
    assert together.shape == (4, embedder.dimension) and together.dtype == np.float32
    assert np.allclose(np.linalg.norm(together[[0, 1, 3]], axis=1), 1.0, atol=1e-5)
    assert np.allclose(together, alone, atol=1e-4)  # length-sorted batching puts every row back in its place
    assert embedder.encode([]).shape == (0, embedder.dimension)


def test_a_paraphrase_is_nearer_than_another_story():
    embedder = load_embedder(Settings().ingest)
    question, paraphrase, other = embedder.encode([
        "How much money is Svevind putting into Kazakhstan?",
        "Svevind will invest $50 billion in a hydrogen project in Kazakhstan.",
        "The council approved a budget for the harbour on Tuesday."])
    assert question @ paraphrase > question @ other + 0.2
