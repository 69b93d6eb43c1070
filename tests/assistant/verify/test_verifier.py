"""The verifier on real seed sentences with the real embedder: alignment, rules and quotes together."""

import pytest

from assistant.embed import load_embedder
from assistant.ingest.split import split_sentences
from assistant.verify import Candidate, Verifier
from assistant.verify.quotes import check_quotes
from assistant.verify.speakers import find_speaker
from tests.conftest import EU_MEETING, SVEVIND


@pytest.fixture(scope="module")
def sources(desk):
    """Every seed sentence as a candidate, as if the model had been shown both articles whole."""
    candidates, texts = [], {}
    for article_id in (SVEVIND, EU_MEETING):
        article = desk.article(article_id)
        sentences = split_sentences(article_id, article.text)
        texts[article_id] = article.text
        for s in sentences:
            candidates.append(Candidate(article.info, s, find_speaker(article.text, s, sentences)))
    return candidates, texts


@pytest.fixture(scope="module")
def attribute(settings, sources):
    verifier = Verifier(load_embedder(settings.ingest), settings.verification)
    candidates, texts = sources
    return lambda text, question="": verifier.attribute(text, candidates, texts, question)


def test_correct_answer_cites_the_right_article_and_sentence(attribute):
    sentences, citations = attribute(
        "Svevind Energy Group plans to invest $50 billion in a green hydrogen project in Kazakhstan.")
    assert sentences[0].verified
    cited = citations[sentences[0].citations[0] - 1]
    assert cited.article.id == SVEVIND and "invest $50 billion" in cited.sentence.text


def test_invented_figure_is_not_verified(attribute):
    sentences, _ = attribute("Svevind Energy Group plans to invest $20 billion in a green hydrogen project in Kazakhstan.")
    assert not sentences[0].verified and "20" in sentences[0].reason and sentences[0].rule == "facts"


def test_figure_from_the_wrong_context_is_not_verified(attribute):
    sentences, _ = attribute("The price of lithium in 2024 was $50 billion.")
    assert not sentences[0].verified


def test_swapped_person_is_not_verified(attribute):
    sentences, _ = attribute("Luc Devigne said Kazakhstan has huge resources of rare earth metals.")
    assert not sentences[0].verified


def test_speaker_is_found_for_quotes_and_checked(attribute):
    sentences, citations = attribute("James Cleverly said Kazakhstan has huge resources of rare earth metals.")
    assert sentences[0].verified
    assert any(c.speaker == "Cleverley" for c in citations)
    wrong, _ = attribute("Smailov said Kazakhstan has huge resources of rare earth metals.")
    assert not wrong[0].verified and "Cleverley" in wrong[0].reason and wrong[0].rule == "speaker"


def test_pronoun_attribution_follows_the_last_named_speaker(sources):
    candidates, _ = sources
    britain = next(c for c in candidates if c.sentence.text.startswith('"Britain'))
    assert britain.speaker == "Cleverley"
    energy = next(c for c in candidates if "In terms of energy" in c.sentence.text)
    assert energy.speaker == "Smailov"


def test_fabricated_quote_loses_its_quotation_marks(sources):
    _, texts = sources
    real, reason = check_quotes('Devigne called it a "success story of cooperation".', [texts[EU_MEETING]])
    assert "“success story of cooperation”" in real and reason == ""
    fake, reason = check_quotes('Devigne called it "a triumph of diplomacy".', [texts[EU_MEETING]])
    assert '"' not in fake and "“" not in fake and "verbatim" in reason


def test_a_phrase_restated_without_its_ordinal_is_given_whole(attribute):
    """The answer is true but leaves out what makes the trip news; it is shown as the article words it."""
    sentences, citations = attribute("The British foreign secretary's stay in Astana was an official visit.",
                                     "What kind of trip did the British foreign secretary make to Astana?")
    assert sentences[0].text == "The British foreign secretary's stay in Astana was his first official visit."
    assert sentences[0].verified and "first official visit" in citations[sentences[0].citations[0] - 1].sentence.text


def test_same_source_sentence_keeps_one_number(attribute):
    sentences, citations = attribute(
        "Hyrasia One reaches peak production in 2032. Its first production is slated for early 2030.")
    assert all(s.verified for s in sentences)
    numbers = [n for s in sentences for n in s.citations]
    assert len(citations) == len(set(numbers)) and sorted(c.number for c in citations) == list(range(1, len(citations) + 1))


def test_who_said_question_checks_the_named_person_against_the_quote(attribute):
    question = "Who said that Kazakhstan has huge resources of rare earth metals?"
    wrong, _ = attribute("Kazakh Prime Minister Alikhan Smailov.", question)
    assert not wrong[0].verified
    right, _ = attribute("British Foreign Minister James Cleverly said it.", question)
    assert right[0].verified


def test_the_names_the_question_gives_earn_no_citation_of_another_article(attribute):
    # The EU article names Brussels, not Astana; the Svevind article's sentences name Astana. The
    # answer restates the question's names: only the EU story backs what it claims.
    sentences, citations = attribute("Brussels and Astana signed their memorandum on raw materials, batteries, "
                                     "and hydrogen in November 2022.",
                                     "When did Brussels and Astana sign their memorandum on raw materials?")
    assert sentences[0].verified
    assert {c.article.id for c in citations} == {EU_MEETING}
    assert any("November 2022" in c.sentence.text for c in citations)
