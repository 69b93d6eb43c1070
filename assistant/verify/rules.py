"""The verification rules, in the order they run. The first that fails names the reason.

A rule is a function from a `Claim` (an answer sentence aligned to its cited sentences) to a
reason, or None when the claim passes. To add one: write the function, add a line to `RULES`,
add labelled pairs with its code to `evals/verifier_pairs.jsonl`, and a test in
`tests/assistant/verify/test_rules.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.config import VerificationSettings
from assistant.prompts import NOT_FOUND_MARKER
from assistant.terms import content_terms, overlap_share
from assistant.verify.align import Candidate
from assistant.verify.facts import DATE_UNIT, Facts, extract_facts, stated_in
from assistant.verify.relevance import question_names
from assistant.verify.speakers import wrong_speaker

DECLINE = re.compile(
    rf"{NOT_FOUND_MARKER}|\b(?:do(?:es)?n[’']?t|do(?:es)? not|did not|didn[’']?t)\s+(?:say|mention|provide|specify|"
    r"contain|include|state|give|discuss|report)|\bno (?:information|mention|details?)\b|\bnot (?:mentioned|provided|"
    r"specified|stated|available|given|reported)\b|\bcannot (?:find|answer|determine)\b|\bunable to\b", re.IGNORECASE)


@dataclass(frozen=True)
class Claim:
    """One answer sentence and what alignment found for it."""

    text: str
    question: str
    cited: list[Candidate]  # in article order
    missing: Facts  # numbers, months and names of the sentence that no cited sentence states
    support: float  # cosine of the sentence (alone, or after the question) to the cited text
    asked_quote: Candidate | None  # for "who said …" questions: the quote asked about
    settings: VerificationSettings
    sources: str = ""  # the cited articles' whole text


@dataclass(frozen=True)
class Rule:
    code: str
    check: Callable[[Claim], str | None]
    meaning: str


def declined(claim: Claim) -> str | None:
    if DECLINE.search(claim.text):
        return "the model says the articles do not answer"
    return None


def facts_stated(claim: Claim) -> str | None:
    if claim.missing.count:
        return f"not in the cited sentences: {claim.missing.describe()}"
    return None


def dates_whole(claim: Claim) -> str | None:
    """A date comes whole from one sentence: not the day of a meeting from one and a year from another."""
    for unit in DATE_UNIT.finditer(claim.text):
        facts = extract_facts(unit.group())
        facts = Facts(numbers=facts.numbers, months=facts.months)
        similarity = claim.settings.name_similarity
        if not any(stated_in(facts, c.sentence.text, "", similarity) == facts for c in claim.cited):
            return f"the date {unit.group()!r} is stitched from separate sentences"
    return None


def about_the_subject(claim: Claim) -> str | None:
    """The cited articles name at least half the names the question asks about (the story, not another).

    Half, not all: a reporter's "Astana" may stand for the "Kazakhstan" of the article.
    """
    subject = Facts(names=frozenset(question_names(claim.question)))
    if not subject.count or not claim.sources:
        return None
    missing = subject - stated_in(subject, claim.sources, "", claim.settings.name_similarity)
    if missing.count * 2 > subject.count:
        return f"the cited articles never name {missing.describe()}: they answer about another story"
    return None


def words_stated(claim: Claim) -> str | None:
    source = content_terms(" ".join(f"{c.sentence.text} {c.speaker}" for c in claim.cited))
    share = overlap_share(content_terms(claim.text), source, empty=1.0)
    if share < claim.settings.min_word_overlap:
        return f"only {share:.0%} of its words are in the cited sentences"
    return None


def right_speaker(claim: Claim) -> str | None:
    asked = claim.asked_quote.speaker if claim.asked_quote else None
    if wrong := wrong_speaker(claim.text, [c.speaker for c in claim.cited], asked, claim.settings.name_similarity):
        return f"the article attributes this to {wrong}"
    return None


def close_in_meaning(claim: Claim) -> str | None:
    if claim.support < claim.settings.support_threshold:
        return "too far in meaning from the cited sentences"
    return None


RULES = [
    Rule("declined", declined, "a sentence saying the articles do not answer is not a claim"),
    Rule("facts", facts_stated, "every number, month and name is stated by a cited sentence"),
    Rule("dates", dates_whole, "a date comes whole from one cited sentence"),
    Rule("words", words_stated, "most of its content words are in the cited sentences"),
    Rule("speaker", right_speaker, "whoever it says said something is the speaker the article gives"),
    Rule("subject", about_the_subject, "the cited articles are about what the question names"),
    Rule("meaning", close_in_meaning, "its embedding is close to the cited text's"),
]


def first_failure(claim: Claim) -> tuple[str, str] | None:
    """(rule code, reason) of the first rule the claim fails, or None when it passes them all."""
    for rule in RULES:
        if (reason := rule.check(claim)) is not None:
            return rule.code, reason
    return None
