import pytest

from assistant import REFUSAL_TEXT, Filters, Newsdesk, NotFoundError, QuestionError
from assistant.desk import follow_up_focus, follow_up_query
from tests.conftest import EU_MEETING, SVEVIND


def test_a_follow_up_is_searched_with_the_turn_before_it_and_the_answer_that_names_its_pronoun():
    history = [("Who did James Cleverly meet in Astana?", "Kazakh Prime Minister Alikhan Smailov.")]
    query = follow_up_query("What sectors did he say were of interest?", history)
    assert "Alikhan Smailov" in query and "Cleverly" in query and query.endswith("of interest?")
    refused = follow_up_query("And when?", [("Who runs Svevind?", REFUSAL_TEXT)])
    assert refused == "Who runs Svevind? And when?"  # a refusal names no one
    assert follow_up_query("How much?", []) == "How much?"
    assert len(follow_up_query("And then?", [("Q?", "word " * 500)])) < 400  # a long answer is cut


def test_a_follow_ups_sentences_are_ranked_against_the_answer_that_names_its_pronoun_not_the_question_before():
    history = [("Who did James Cleverly meet in Astana?", "Kazakh Prime Minister Alikhan Smailov.")]
    focus = follow_up_focus("What sectors did he say were of interest?", history)
    assert focus == "Kazakh Prime Minister Alikhan Smailov. What sectors did he say were of interest?"
    refused = follow_up_focus("And when?", [("Who runs Svevind?", REFUSAL_TEXT)])
    assert refused == "Who runs Svevind? And when?"  # a refusal names no one: the question before stays
    assert follow_up_focus("How much?", []) == "How much?"


def test_a_follow_up_finds_the_sentence_that_answers_it_not_only_the_one_that_answered_the_turn_before(desk):
    """Ranked against the earlier question too, the sentence that answered it scored twice the rest, and
    the cut-off (half the best score) left it alone in the evidence."""
    history = [("Whom did the British foreign secretary hold talks with in Astana?", "Prime Minister Alikhan Smailov.")]
    retrieval = desk.evidence("Which areas of cooperation did he say interest Kazakhstan?", history=history)
    shown = " ".join(s.text for e in retrieval.evidence for s in e.context)
    assert "Trans-Caspian international transport route" in shown


def test_the_seed_articles_people_organisations_and_places_with_their_aliases(desk):
    people = {e.name: e for e in desk.entities("person")}
    assert people["Alikhan Smailov"].articles == 1
    assert any(a.text == "Kazakh Prime Minister" for a in people["Alikhan Smailov"].aliases)
    union = next(e for e in desk.entities("organisation") if e.name == "European Union")
    assert [a.text for a in union.aliases] == ["EU"] and "initials" in union.aliases[0].why
    assert desk.entities("place")[0].name == "Kazakhstan" and desk.entities("place")[0].articles == 2
    with pytest.raises(QuestionError, match="No entity kind"):
        desk.entities("event")


def test_an_entity_opens_on_the_sentences_naming_it_found_by_any_of_its_aliases(desk):
    found = desk.mentions("the Kazakh prime minister")
    assert found and all(f.mention.entity == "Alikhan Smailov" for f in found)
    assert all(f.sentence.text[f.mention.start - f.sentence.start:][:len(f.mention.text)] == f.mention.text for f in found)
    assert {f.article.id for f in desk.mentions("EU")} == {EU_MEETING}
    with pytest.raises(NotFoundError):
        desk.mentions("Vladimir Nobody")


def test_an_entity_filter_keeps_the_evidence_to_the_articles_naming_it(desk):
    retrieval = desk.evidence("What was agreed about hydrogen?", Filters(entity="EU"))
    assert retrieval.evidence and {e.article.id for e in retrieval.evidence} == {EU_MEETING}
    with pytest.raises(QuestionError, match="No stored article names"):
        desk.evidence("What was agreed?", Filters(entity="Vladimir Nobody"))


def test_names_follow_the_articles_when_one_is_changed_or_removed(settings, corpus_copy, tmp_path):
    with Newsdesk(settings.with_(data_dir=tmp_path / "data")) as own:
        own.ingest([corpus_copy], progress=False)
        path = next(corpus_copy.glob(f"{SVEVIND}*"))
        path.write_text(path.read_text().replace("Alikhan Smailov", "Roman Sklyar"))
        _, report = own.ingest([corpus_copy], progress=False)
        assert report.names == 1
        people = {e.name for e in own.entities("person")}
        assert "Roman Sklyar" in people and "Alikhan Smailov" not in people
        own.remove([SVEVIND])
        assert "Roman Sklyar" not in {e.name for e in own.entities("person")} and own.names_waiting() == 0
