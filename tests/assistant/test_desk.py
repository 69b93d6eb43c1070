from assistant import REFUSAL_TEXT
from assistant.desk import follow_up_query


def test_a_follow_up_is_searched_with_the_turn_before_it_and_the_answer_that_names_its_pronoun():
    history = [("Who did James Cleverly meet in Astana?", "Kazakh Prime Minister Alikhan Smailov.")]
    query = follow_up_query("What sectors did he say were of interest?", history)
    assert "Alikhan Smailov" in query and "Cleverly" in query and query.endswith("of interest?")
    refused = follow_up_query("And when?", [("Who runs Svevind?", REFUSAL_TEXT)])
    assert refused == "Who runs Svevind? And when?"  # a refusal names no one
    assert follow_up_query("How much?", []) == "How much?"
    assert len(follow_up_query("And then?", [("Q?", "word " * 500)])) < 400  # a long answer is cut
