"""What a figure or a name is about, by the parse; the words a question asks with; what a unit measures; ordinals kept."""

import pytest

from assistant.verify.grammar import (
    measured,
    naming_verb,
    opens_clause,
    subject_phrases,
    subject_words,
    with_ordinal,
    words_about,
)


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


@pytest.mark.parametrize("text, name, verb", [
    ("He was born Adrian Russell Ajao but also used the name Adrian Elms, police said.", "Adrian Russell Ajao", "bear"),
    ("He was born Adrian Russell Ajao but also used the name Adrian Elms, police said.", "Adrian Elms", "use"),
    ("Masood, 52, who was born as Adrian Elms but later took his stepfather's name Ajao, attacked.", "Adrian Elms", "bear"),
    ("Masood, 52, who was born as Adrian Elms but later took his stepfather's name Ajao, attacked.", "Ajao", "take"),
    ("Masood-was born with the birth name Adrian Russell Ajao,-before later converting to Islam.", "Adrian Russell Ajao",
     "bear"),  # a scraped page's hyphen glues the name to the next word
    ("Mrs Ajao, from Trelech in Carmarthenshire, said she was shocked.", "Mrs Ajao", ""),  # the subject
    ("Mrs Ajao, from Trelech in Carmarthenshire, said she was shocked.", "Trelech", ""),  # beside the subject
    ("Born in Kent, Masood had previous convictions.", "Kent", ""),  # a place, not a name given
    ("Born in Kent, Masood had previous convictions.", "Born", ""),  # capitalised, no name
])
def test_a_name_s_naming_verb_is_the_verb_it_completes(text, name, verb):
    start = text.index(name)
    assert naming_verb(text, start, start + len(name)) == verb


def test_a_question_s_subject_is_its_nouns_names_and_adjectives():
    words = subject_words("Where was the boat carrying Somali refugees headed when it came under fire?")
    assert words == ["boat", "Somali", "refugees", "fire"]


VISIT = "Cleverly arrived in Astana on his first official visit on 18 March."


@pytest.mark.parametrize("claim, source, whole", [
    ("It was an official visit.", VISIT, "It was his first official visit."),
    ("Cleverly made his first official visit.", VISIT, "Cleverly made his first official visit."),
    ("Cleverly arrived in Astana on 18 March.", VISIT, "Cleverly arrived in Astana on 18 March."),  # no visit restated
    ("It was a visit.", VISIT, "It was a visit."),  # no modifier in common: not read as the same phrase
    ("She won a consecutive title.", "She won a third consecutive title.", "She won a third consecutive title."),
])
def test_a_phrase_restated_without_its_ordinal_is_given_whole(claim, source, whole):
    assert with_ordinal(claim, source) == whole


@pytest.mark.parametrize("question, word, opens", [
    ("What did he say when he landed?", "when", True), ("And when does it start?", "when", False),
    ("It opened in 2020; when will it close?", "when", False), ("Name the town where they died.", "where", True),
])
def test_a_when_or_where_opening_a_clause_asks_nothing(question, word, opens):
    assert opens_clause(question, question.index(word)) == opens


@pytest.mark.parametrize("question, unit, things", [
    ("How many gigawatts of wind power will the plant need?", "gigawatts", {"wind", "power"}),
    ("How many tonnes of green hydrogen a year will it make?", "tonnes", {"green", "hydrogen"}),
    ("How many gigawatts will it need?", "gigawatts", set()),
])
def test_a_unit_measures_what_its_of_phrase_names(question, unit, things):
    start = question.index(unit)
    assert set(measured(question, start, start + len(unit))) == things


@pytest.mark.parametrize("question, subjects", [
    ("In which month did Germany's foreign minister travel to Kazakhstan?", ["Germany's foreign minister"]),
    ("In which month did France's foreign minister travel to Moscow?", ["France's foreign minister travel"]),
    ("When did James Cleverly arrive in Astana?", ["James Cleverly"]),
    ("What did Merkel promise, and when will Macron visit Berlin?", ["Merkel promise", "Macron"]),
    ("How many people were killed in the Valeria earthquake?", []),  # the subject is what is asked
    ("Which Kazakh official did he sit down with?", []),
    ("What did she call the bill?", []),  # a pronoun
])
def test_the_subjects_of_a_question_are_read_from_its_parse(question, subjects):
    assert subject_phrases(question) == subjects
