"""Facts of a sentence: numbers with their scale, months and names, normalised alike."""

import pytest

from assistant.verify.facts import Facts, extract_facts, name_numbers, names, same_name, spelled_out, stated_in


@pytest.mark.parametrize("a, b", [
    ("$50 billion", "50 billion dollars"),
    ("2m t/y", "2 million tonnes a year"),
    ("18 March", "March 18"),
    ("three million tonnes", "3 million tonnes"),
    ("19 out of 34", "nineteen of the 34"),
])
def test_equivalent_facts_normalise_alike(a, b):
    fa, fb = extract_facts(a), extract_facts(b)
    assert fa.numbers == fb.numbers and fa.months == fb.months


def test_different_amounts_differ():
    assert extract_facts("$50 billion").numbers != extract_facts("$20 billion").numbers


@pytest.mark.parametrize("name, word, same", [
    ("cleverly", "cleverley", True), ("kazakh", "kazakhstan", True), ("smailov", "tokayev", False),
    ("uk", "us", False),
    ("chinese", "china", True), ("mexican", "mexico", True), ("british", "britain", True), ("swedish", "sweden", True),
    ("polish", "police", False), ("chinese", "chinook", False), ("morgan", "morgue", False),
    ("kuril", "kurils", True), ("iraq", "iraqi", True), ("somali", "somalia", True), ("brazil", "brazilian", True),
    ("german", "germany", True), ("turk", "turkey", True), ("turkmen", "turkmenistan", True),
    ("mobile", "mobileye", False), ("mark", "market", False), ("jung", "jungle", False),
])
def test_names_match_their_longer_forms_demonyms_and_spelling_slips_only(name, word, same):
    assert same_name(name, word, similarity=0.88) is same


def test_a_hyphenated_name_is_its_capitalised_parts():
    assert names("Who reported the UK-Kazakhstan memorandums?") >= {"uk", "kazakhstan"}
    assert names("a Germany-based developer") == {"germany"}
    assert stated_in(Facts(names=frozenset({"kazakhstan", "eu"})), "the Kazakhstan-EU memorandum", "", 0.88).names == {
        "kazakhstan", "eu"}


@pytest.mark.parametrize("text, named", [
    ("The Saab 340 lost a propeller.", {340.0}), ("Apollo 11 landed on 20 July 1969.", {11.0}),
    ("In 1947, the dam was built.", set()), ("It was finished in March 2017.", set()),
    ("On Sept 12 it rained.", set()), ("Kazakhstan produces 19 out of 34.", set()),
])
def test_numbers_written_as_part_of_a_name_are_told_from_figures(text, named):
    assert name_numbers(text) == named


def test_number_words_links_and_handles_are_no_names():
    assert names("Three storm chasers died, @NWSFortWorth said: pic.twitter.com/UEDpnzCkDK") == set()
    assert names("Seven people arrested by Scotland Yard were released") == {"scotland", "yard"}


@pytest.mark.parametrize("acronym, name", [("EU", "European Union"), ("uk", "United Kingdom"),
                                           ("KEU", "Kazakhstan and the European Union"), ("UN", "")])
def test_initials_are_spelled_out_as_the_text_writes_the_name(acronym, name):
    assert spelled_out(acronym, "Kazakhstan and the European Union met the United Kingdom.") == name
