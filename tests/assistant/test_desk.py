from assistant import REFUSAL_TEXT
from assistant.desk import follow_up_focus, follow_up_query


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
