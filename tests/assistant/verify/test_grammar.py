"""What a figure is about, by the sentence's parse: the words `values.counted_by` reads."""

import pytest

from assistant.verify.grammar import words_about


def about(text: str, figure: str) -> set[str]:
    start = text.index(figure)
    return {w.lower() for w in words_about(text, start, start + len(figure))}


@pytest.mark.parametrize("text, figure, said, not_said", [
    ("Seven of the 11 people arrested since the attack have been released.", "Seven", "released", "arrested"),
    ("Seven of the 11 people arrested since the attack have been released.", "11", "arrested", "released"),
    ("The death toll put at 33 excludes the 12 missing.", "33", "toll", "missing"),
    ("Two men remain in custody, police said.", "Two", "custody", "police"),
])
def test_a_figure_is_about_the_verb_it_is_an_argument_of(text, figure, said, not_said):
    words = about(text, figure)
    assert said in words and not_said not in words


def test_a_headline_without_a_verb_gives_the_counted_noun_alone():
    """The parse's root is a noun: no verb is read (this once looped for ever)."""
    assert about("Vauxhall, the car maker, 52 years on", "52") == {"years"}


def test_a_span_the_parse_cannot_place_says_nothing():
    assert words_about("Two men remain.", 2, 40) == []
