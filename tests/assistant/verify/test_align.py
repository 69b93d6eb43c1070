"""Alignment: answer sentences split without the model's markers."""

from assistant.verify.align import split_answer


def test_model_markers_are_dropped_from_answer_sentences():
    assert split_answer("Svevind plans $50 billion [3]. It peaks in 2032. [4, 5]") == [
        "Svevind plans $50 billion.", "It peaks in 2032."]
