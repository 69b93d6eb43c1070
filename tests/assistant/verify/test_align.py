"""Alignment: answer sentences split without the model's markers."""

import numpy as np

from assistant import ArticleInfo, Sentence, Settings
from assistant.terms import content_terms
from assistant.verify.align import Candidate, align, split_answer, with_neighbours
from assistant.verify.facts import Facts, extract_facts, stated_in


def test_model_markers_are_dropped_from_answer_sentences():
    assert split_answer("Svevind plans $50 billion [3]. It peaks in 2032. [4, 5]") == [
        "Svevind plans $50 billion.", "It peaks in 2032."]


CASPIAN = [Candidate(ArticleInfo("a", "T"), Sentence("a", i, 0, 1, text)) for i, text in enumerate([
    "According to President Michael, a major green hydrogen project in the Caspian region will show the way.",
    "After 2030, it will produce 3 million tonnes/year through electrolysis using electricity from wind farms.",
    "Electrolysis using wind farms is planned elsewhere too, by a Danish developer.",
])]
CASPIAN = CASPIAN[:2] + [Candidate(ArticleInfo("b", "T"), CASPIAN[2].sentence)]


def test_a_fact_told_over_two_adjacent_sentences_cites_both_and_nothing_further_away():
    claim = content_terms("The Caspian project will make hydrogen through electrolysis using electricity from wind farms.")
    assert with_neighbours([0], CASPIAN, claim, Settings().verification) == [0, 1]


def test_a_cited_sentence_holding_enough_of_the_words_gets_no_neighbour():
    claim = content_terms("A major green hydrogen project in the Caspian region.")
    assert with_neighbours([0], CASPIAN, claim, Settings().verification) == [0]


def test_a_sentence_stating_every_fact_is_cited_before_a_closer_one_stating_some():
    facts = extract_facts("Aysha Frade was 44.")
    sources = ["Aysha Frade, who worked in administration at a college, is understood to have been 43.",
               "His other victims were teacher Aysha Frade, 44, and US tourist Kurt Cochran, 54."]
    stated = [stated_in(facts, text, "", 0.85) for text in sources]
    chosen, missing = align(facts, np.array([0.9, 0.6]), stated, Settings().verification, Facts(), ["a", "a"])
    assert chosen == [1] and not missing.count


def test_the_names_the_question_gives_earn_no_citation_of_their_own():
    # Asked when Brussels and Astana signed: the sentence of the date is cited, not also another
    # article's sentence that names "Astana".
    facts = extract_facts("Brussels and Astana signed their memorandum in November 2022.")
    sources = ["Kazakhstan and the United Kingdom signed memorandums in Astana on 18 March.",
               "In November 2022, Kazakhstan and the European Union inked a Memorandum of Understanding."]
    stated = [stated_in(facts, text, "", 0.85) for text in sources]
    premise = Facts(names=frozenset({"brussels", "astana"}))
    chosen, missing = align(facts, np.array([0.9, 0.6]), stated, Settings().verification, premise, ["uk", "eu"])
    assert chosen == [1] and not missing.count
    chosen, _ = align(facts, np.array([0.9, 0.6]), stated, Settings().verification, premise, ["eu", "eu"])
    assert chosen == [1, 0]  # in the same story, the sentence naming the subject is cited too
