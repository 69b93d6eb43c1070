"""Values of the asked kind: what two sources compare when one may contradict the other."""

import pytest

from assistant.terms import content_terms
from assistant.verify.values import age_of, context, counted_by, counts, masked, quantities, values


def keys(text: str, kind: str, known=frozenset()):
    return [v.key for v in values(text, kind, frozenset(known))]


@pytest.mark.parametrize("a, b", [
    ("$50 billion", "50 billion dollars"), ("nine people", "9 people"), ("7,000 deaths", "7000 deaths"),
    ("12%", "12 percent"), ("2m tonnes", "2 million tonnes"),
])
def test_one_amount_written_two_ways_agrees(a, b):
    [va], [vb] = values(a, "number"), values(b, "number")
    assert va.agrees(vb)


@pytest.mark.parametrize("a, b", [("45 dead", "30 dead"), ("$50 billion", "50 billion people"), ("12%", "12 people")])
def test_different_amounts_or_kinds_disagree(a, b):
    [va], [vb] = values(a, "number"), values(b, "number")
    assert not va.agrees(vb)


def test_years_and_the_days_of_dates_are_not_amounts():
    assert keys("On 20 March 2023, 45 people died in 2023.", "number") == [("count", 45.0)]


def test_number_words_are_whole_words_only():
    assert keys("Someone said one of the tones was two.", "number") == [("count", 1.0), ("count", 2.0)]


def test_dates_agree_on_the_parts_both_state():
    [full], [short], [other] = (values(t, "date") for t in ("March 20, 2023", "20 March", "21 March"))
    assert full.agrees(short) and not short.agrees(other)


def test_names_leave_out_the_question_s_own_and_weekdays():
    found = values("Mitch Seavey won the Iditarod on Tuesday.", "name", frozenset({"iditarod"}))
    assert [v.text for v in found] == ["Mitch Seavey"]


def test_a_name_agrees_with_its_shorter_form_not_with_a_relative_sharing_one_word():
    [born], [short], [mother], [other] = (values(t, "name") for t in (
        "Adrian Russell Ajao", "Ajao", "Janet Ajao", "Adrian Elms"))
    assert born.agrees(short) and short.agrees(born)
    assert not born.agrees(mother) and not born.agrees(other)


def test_masking_blanks_the_values_and_keeps_what_they_are_about():
    assert masked("The toll rose to 45 on March 20, 2023.", "number") == "The toll rose to … on March 20, 2023."
    assert masked("The toll rose to 45 on March 20, 2023.", "date") == "The toll rose to 45 on …."


def test_ages_measures_in_a_unit_and_decades_are_their_own_kinds():
    assert keys("a 52-year-old man, 52 years old", "number") == [("age", 52.0), ("age", 52.0)]
    assert keys("100,000 cubic feet (2,830 cubic metres)", "number") == [("measure cubic feet", 1e5),
                                                                        ("measure cubic metres", 2830.0)]
    assert keys("a teacher in her 40s", "number") == []
    [feet], [people] = values("901 feet", "number"), values("901 people", "number")
    assert not feet.agrees(people)


def test_an_age_written_as_a_bare_number_agrees_with_the_age():
    [age], [bare] = values("a 52-year-old man", "number"), values("Masood, 52, drove", "number")
    assert age.agrees(bare) and age.key[0] != bare.key[0]  # the same value, though not the same written kind


@pytest.mark.parametrize("text, counted", [
    ("At least 42 refugees have been killed and dozens injured", {"dead"}),
    ("The Red Cross put the death toll at 33.", {"dead"}),
    ("A sailor said 80 refugees were rescued after the incident.", {"rescued"}),
    ("Yemen is hosting more than 255,000 Somali refugees.", set()),
])
def test_a_count_says_what_it_counts_by_the_words_beside_it(text, counted):
    [first, *_] = quantities(text)
    assert counts(context(text, first)) == counted


ARRESTS = "Seven of the 11 people arrested since the Westminster attack have been released, police said."


@pytest.mark.parametrize("text, figure, counted", [
    (ARRESTS, "Seven", {"freed"}),  # what was released, though "arrested" stands nearer
    (ARRESTS, "11", {"arrested"}),  # arrested so far, not held now
    ("Seven people arrested since the attack have been released.", "Seven", {"freed"}),
    ("Of 11 people arrested so far, two remained in custody, police said.", "11", {"arrested"}),
    ("Of 11 people arrested so far, two remained in custody, police said.", "two", {"held"}),
    ("Police said two men remain in custody, while two women have been released on bail.", "two", {"held"}),
    ("The death toll from the attack has risen to 46, officials said.", "46", {"dead"}),
    ("At least 42 refugees have been killed and 80 were rescued.", "80", {"rescued"}),
])
def test_a_count_says_what_it_counts_by_the_sentence_s_grammar(text, figure, counted):
    value = next(v for v in quantities(text) if v.text == figure)
    assert counted_by(text, value) == counted


def test_a_question_names_what_it_counts():
    assert counts(content_terms("What is the latest death toll from the attack?")) == {"dead"}
    assert counts(content_terms("How many refugees were pulled to safety?")) == {"rescued"}


@pytest.mark.parametrize("text, person, age", [
    ("The teacher Aysha Frade, 44, was killed on the bridge.", {"aysha", "frade"}, 44.0),
    ("Police named the attacker as 52-year-old British man Khalid Masood.", {"khalid", "masood"}, 52.0),
    ("PC Keith Palmer, a 48-year-old officer, was stabbed.", {"keith", "palmer"}, 48.0),
    ("Aysha Frade, who worked at a college, is understood to have been 43 and a mother of two.",
     {"aysha", "frade"}, 43.0),
    ("Masood (52) was born in Kent.", {"masood"}, 52.0),
    ("Colleagues said Dana Pell was 46 and had served for twenty years.", {"dana", "pell"}, 46.0),
])
def test_an_age_belongs_to_the_name_it_stands_beside(text, person, age):
    found = age_of(text, frozenset(person))
    assert found is not None and found.key == ("age", age)


@pytest.mark.parametrize("text, person", [
    ("Kurt Cochran, 54, from Utah was killed beside Aysha Frade.", {"aysha", "frade"}),  # another's age
    ("Aysha Frade was 43 metres from the car.", {"aysha", "frade"}),  # a measure, not an age
    ("Masood drove a car into the crowd.", {"masood"}),  # no age at all
])
def test_an_age_of_someone_else_or_no_age_is_none(text, person):
    assert age_of(text, frozenset(person)) is None
