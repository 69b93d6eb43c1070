"""Fusion and filters, the pure parts of retrieval (the keyword side's filters: test_keyword.py), and the
reserve on the seed index."""

from assistant import Filters, Newsdesk
from assistant.retrieve import rrf, term_weights, to_metadata_filters


def test_rrf_rewards_agreement_between_rankings():
    assert rrf([["a", "b", "c"], ["b", "d", "a"]], k=60) == ["b", "a", "d", "c"]
    assert rrf([["a"], []], k=60) == ["a"]


def test_a_word_few_candidates_hold_weighs_more_than_the_subject_they_all_name():
    """Asked "What was Khalid Masood's name at birth?", the story's sentences all name Masood; the one
    that answers is the one holding "birth"."""
    held = [{"khalid", "masood"}, {"masood"}, {"khalid", "masood"}, {"masood", "birth"}, {"masood"}]
    weights = term_weights({"khalid", "masood", "birth"}, held)
    assert weights["birth"] > weights["khalid"] > weights["masood"] > 0
    lexical = [sum(weights[t] for t in words) for words in held]
    assert max(range(len(held)), key=lexical.__getitem__) == 3


def test_no_filters_are_no_conditions():
    assert to_metadata_filters(None) is None and to_metadata_filters(Filters()) is None


def test_the_reserve_ranks_after_the_evidence_and_repeats_nothing_the_model_is_shown(desk):
    with Newsdesk(desk.settings.with_(evidence_sentences=2, reserve_sentences=3)) as narrow:
        retrieval = narrow.evidence("When is first production of the Hyrasia One project slated?")
    shown = {(e.article.id, s.index) for e in retrieval.evidence for s in e.context}
    assert len(retrieval.evidence) == 2 and 0 < len(retrieval.reserve) <= 3
    assert not any((r.article.id, r.sentence.index) in shown for r in retrieval.reserve)
    assert max(r.score for r in retrieval.reserve) <= min(e.score for e in retrieval.evidence)


def test_a_question_asking_for_several_things_is_shown_more_evidence(desk):
    """Asked which Kazakh officials the articles name, the four sentences most like the question name
    one; the energy advisor stands fifth."""
    several = desk.evidence("Which Kazakh officials are named in the articles?").evidence
    one = desk.evidence("Which Kazakh official is named in the articles?").evidence
    assert len(one) == desk.settings.retrieval.evidence_sentences < len(several)
    assert any("Akchulakov" in s.text for e in several for s in e.context)


def test_an_article_waiting_for_vectors_is_found_by_its_words_and_the_evidence_says_so(settings, corpus_copy, tmp_path):
    with Newsdesk(settings.with_(data_dir=tmp_path / "data")) as fresh:
        fresh.ingest([corpus_copy], progress=False, embed=False)
        waiting = fresh.evidence("How much does Svevind plan to invest in Kazakhstan?")
        assert "$50 billion" in " ".join(e.sentence.text for e in waiting.evidence)
        assert "2 article(s) wait for their vectors" in waiting.notice
        fresh.embed(progress=False)
        assert "wait" not in fresh.evidence("How much does Svevind plan to invest in Kazakhstan?").notice
