"""Scoring the names pass: labelled sentences by text and kind, alias pairs by shared entity."""

from assistant import Mention
from evals.entities import _score_pair, _score_sentence, summarise

TEXT = "Intro. Police named Khalid Masood, 52, of Kent. Masood acted alone."


def mention(text: str, kind: str, entity: str = "") -> Mention:
    start = TEXT.index(text)
    return Mention("a1", 1, start, start + len(text), text, kind, entity or text)


def test_a_sentence_counts_names_right_by_text_and_kind_and_ignores_other_sentences():
    row = {"id": "e1", "article": "a1", "sentence": "Police named Khalid Masood, 52,  of Kent.",
           "mentions": [{"text": "Khalid Masood", "kind": "person"}, {"text": "Kent", "kind": "place"}]}
    found = [mention("Khalid Masood", "person"), mention("Kent", "person"), mention("Intro", "organisation")]
    scored = _score_sentence(row, TEXT, found)
    assert (scored["right"], scored["found"], scored["gold"]) == (1, 2, 2)  # Kent's kind is wrong; Intro is elsewhere
    assert scored["missed"] == [("Kent", "place")] and scored["extra"] == [("Kent", "person")]


def test_a_pair_is_merged_when_both_names_resolve_to_one_entity():
    mentions = {"a1": [mention("Khalid Masood", "person"), mention("Masood", "person", "Khalid Masood")]}
    same = {"id": "p1", "a": "Khalid Masood", "b": "Masood", "articles": ["a1"], "same": True}
    other = {"id": "p2", "a": "Khalid Masood", "b": "Kent", "articles": ["a1"], "same": False}
    results = [_score_pair(same, mentions), _score_pair(other, mentions)]
    assert [r["merged"] for r in results] == [True, False]
    summary = summarise(results)
    assert summary["merge_precision"] == 1.0 and summary["merge_recall"] == 1.0
