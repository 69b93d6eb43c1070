"""The kind of fact a question asks for, and whether a sentence holds one."""

import pytest

from assistant.verify.relevance import asked_kind, holds_kind


@pytest.mark.parametrize("question, kind", [
    ("And when does production start?", "date"), ("What year will it peak?", "date"),
    ("How much is the German firm putting in?", "number"), ("How many officials came?", "number"),
    ("Where is the developer based?", "place"), ("Which countries signed?", "place"),
    ("Who is Luc Devigne?", "name"), ("Which company delivered the report?", "name"),
    ("What were the memorandums about?", ""), ("How did Devigne describe the relationship?", ""),
])
def test_questions_ask_for_a_kind_of_fact(question, kind):
    assert asked_kind(question) == kind


@pytest.mark.parametrize("text, kind, holds", [
    ("First production is slated for early 2030.", "date", True),
    ("Baerbock visited last October.", "date", True),
    ("The project aims to produce 2m t/y of green hydrogen at full capacity.", "date", False),
    ("It will invest $50 billion.", "number", True),
    ("It will invest heavily.", "number", False),
    ("Svevind is based in Germany.", "place", True),
    ("It is based abroad.", "place", False),
    ("Anything at all.", "", True),
])
def test_sentences_hold_a_kind_of_fact_or_not(text, kind, holds):
    assert holds_kind(text, kind) is holds
