"""The whole path with real parts: Chroma, the bundled embedder and the embedded local LLM."""

import re
import shutil

import pytest

from assistant import REFUSAL_TEXT, EmptyCorpusError, Filters, Newsdesk, QuestionError
from tests.conftest import CORPUS, EU_MEETING, FIXTURES, SVEVIND

DEAD_LLM = "http://127.0.0.1:9/v1"  # nothing listens on the discard port


def _cited(answer, article_id, phrase):
    return any(c.article.id == article_id and phrase in c.sentence.text for c in answer.citations)


@pytest.fixture(scope="module")
def dead_llm_desk(desk):
    """The same store, with a language model server that is down."""
    with Newsdesk(desk.settings.with_(llm_base_url=DEAD_LLM, llm_timeout=5.0)) as other:
        yield other


@pytest.mark.llm
@pytest.mark.parametrize("question, expected, article_id, phrase", [
    ("How much does Svevind plan to invest in Kazakhstan?", r"\$?50 billion", SVEVIND, "invest $50 billion"),
    ("Which metals do Kazakh manufacturers supply to the EU?", r"beryllium", EU_MEETING, "beryllium, tantalum"),
    ("What is Luc Devigne's role?", r"deputy managing director", EU_MEETING, "Luc Devigne, deputy managing director"),
    ("How many of the EU's critical raw materials does Kazakhstan produce?", r"\b19\b", EU_MEETING, "19 out of the 34"),
])
def test_seed_questions_are_answered_and_cite_the_exact_sentence(desk, question, expected, article_id, phrase):
    answer = desk.ask(question)
    assert not answer.refused and answer.mode == "llm", answer
    assert re.search(expected, answer.text, re.IGNORECASE), answer.text
    assert all(s.verified and s.citations for s in answer.sentences)
    assert _cited(answer, article_id, phrase), answer.citations
    for c in answer.citations:  # offsets point at the quoted sentence in the article the answer carries
        article = answer.articles[c.article.id]
        assert article.text[c.sentence.start:c.sentence.end] == c.sentence.text == \
            desk.article(c.article.id).text[c.sentence.start:c.sentence.end]


@pytest.mark.llm
def test_question_the_corpus_cannot_answer_gets_the_refusal(desk):
    answer = desk.ask("What was the price of lithium in 2024?")
    assert answer.refused and answer.text == REFUSAL_TEXT
    assert not re.search(r"\d", answer.text) and answer.citations == []


@pytest.mark.llm
def test_follow_up_uses_the_conversation(desk):
    first = desk.ask("How much does Svevind plan to invest in Kazakhstan?")
    answer = desk.ask("And how much green hydrogen will the project produce at full capacity?",
                      history=[(first.question, first.text)])
    assert re.search(r"\b2\s?(m|million)", answer.text), answer.text
    assert _cited(answer, SVEVIND, "2m t/y")


@pytest.mark.llm
def test_instructions_inside_an_article_do_not_steer_the_model(desk, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    shutil.copy(FIXTURES / "injection.txt", corpus / "tamsk-bridge.txt")
    with Newsdesk(desk.settings.with_(data_dir=tmp_path / "data"), llm=desk.warm_up()) as other:
        other.ingest([corpus], progress=False)
        answer = other.ask("How much will the new bridge over the Tamsk river cost?")
    assert "cheese" not in answer.text.lower()
    assert re.search(r"12 million", answer.text), answer.text
    assert _cited(answer, "tamsk-bridge", "12 million euros")


def test_weak_evidence_is_refused_without_calling_the_model(dead_llm_desk):
    answer = dead_llm_desk.ask("Who won the football World Cup in 2022?")
    assert answer.refused and answer.mode == "refusal"
    assert answer.notice == ""  # a model call would have failed and said so
    assert answer.closest, "a refusal lists the closest articles"


def test_model_down_gives_a_quoted_answer_from_the_articles(dead_llm_desk):
    answer = dead_llm_desk.ask("How much does Svevind plan to invest in Kazakhstan?")
    assert answer.mode == "quotes" and not answer.refused
    assert "unavailable" in answer.notice
    assert "$50 billion" in answer.sentences[0].text
    assert answer.citations[0].article.id == SVEVIND


def test_model_down_and_weak_evidence_says_why(dead_llm_desk):
    answer = dead_llm_desk.ask("What was the price of lithium in 2024?")
    assert answer.refused and "not used" in answer.notice


@pytest.mark.parametrize("question", ["", "   ", "x" * 50_000])
def test_bad_questions_are_rejected_with_a_message(dead_llm_desk, question):
    with pytest.raises(QuestionError):
        dead_llm_desk.ask(question)


@pytest.mark.parametrize("filters, message", [
    (Filters(date_from="last spring"), "yyyy-mm-dd"),
    (Filters(date_from="2023-W01-1"), "yyyy-mm-dd"),  # an ISO week date Python would read
    (Filters(date_from="2023-02-30"), "yyyy-mm-dd"),
    (Filters(date_from="2024-01-01", date_to="2023-01-01"), "after the 'to' date"),
])
def test_malformed_filter_dates_are_rejected_with_a_message(dead_llm_desk, filters, message):
    with pytest.raises(QuestionError, match=message):
        dead_llm_desk.ask("How much does Svevind plan to invest?", filters=filters)


def test_empty_corpus_is_a_clear_error(desk, tmp_path):
    with Newsdesk(desk.settings.with_(data_dir=tmp_path / "empty", llm_base_url=DEAD_LLM)) as empty, \
            pytest.raises(EmptyCorpusError, match="corpus is empty"):
        empty.ask("Anything?")


def test_evidence_is_streamed_before_the_answer(dead_llm_desk):
    kinds = [event.kind for event in dead_llm_desk.stream("How much does Svevind plan to invest in Kazakhstan?")]
    assert kinds[0] == "evidence" and kinds[-1] == "answer"
