"""The verification rules, in the order they run. The first that fails names the reason.

A rule is a function from a `Claim` (an answer sentence aligned to its cited sentences) to a
reason, or None when the claim passes. To add one: write the function, add a line to `RULES`,
add labelled pairs with its code to `evals/verifier_pairs.jsonl`, and a test in
`tests/assistant/verify/test_rules.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.config import VerificationSettings
from assistant.entities.recognise import name_kinds
from assistant.prompts import NOT_FOUND_MARKER
from assistant.terms import content_terms, overlap_share
from assistant.types import paragraph
from assistant.verify.align import Candidate
from assistant.verify.facts import (
    DATE_UNIT,
    Facts,
    acronyms,
    among,
    extract_facts,
    months,
    name_numbers,
    names,
    numbers,
    stated_in,
)
from assistant.verify.relevance import asked, gives_title, is_year, question_actor, question_names, question_subject, unnamed
from assistant.verify.speakers import reports_speech, speech_asked, wrong_speaker
from assistant.verify.values import years_counted

DECLINE = re.compile(
    rf"{NOT_FOUND_MARKER}|\b(?:do(?:es)?n[’']?t|do(?:es)? not|did not|didn[’']?t)\s+(?:say|mention|provide|specify|"
    r"contain|include|state|give|discuss|report)|\bno (?:information|mention|details?)\b|\bnot (?:mentioned|provided|"
    r"specified|stated|available|given|reported)\b|\bcannot (?:find|answer|determine)\b|\bunable to\b", re.IGNORECASE)

# How many sentences apart a figure and the names it is claimed with may be stated: a story gives its
# subject and the figure within a sentence or two; further on, the figure is often another's.
LINK_SENTENCES = 2
FUTURE = re.compile(r"\b(?:will|won[’']?t|shall|going to|expected|forecast|plan(?:s|ned)?|due)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Claim:
    """One answer sentence and what alignment found for it."""

    text: str
    question: str
    cited: list[Candidate]  # in article order
    missing: Facts  # numbers, months and names of the sentence (not the question's names) no cited sentence states
    support: float  # cosine of the sentence (alone, or after the question) to the cited text
    asked_quote: Candidate | None  # for "who said …" questions: the quote asked about
    settings: VerificationSettings
    sources: str = ""  # the cited articles' whole text
    articles: dict[str, str] = field(default_factory=dict)  # article id → its text, for paragraphs
    conversation: str = ""  # the question with the one before it, for a follow-up ("How many people came?")


@dataclass(frozen=True)
class Rule:
    code: str
    check: Callable[[Claim], str | None]
    meaning: str


def declined(claim: Claim) -> str | None:
    return "the model says the articles do not answer" if DECLINE.search(claim.text) else None


def facts_stated(claim: Claim) -> str | None:
    """Every fact of the answer is in a cited sentence, apart from the figures and months the question
    gives: "Seavey won the February 2017 race" may restate the question's date. Its figures are left
    to `question_figures`; its month is the question's own and not checked again. The names the
    question gives are not in `missing` (`align`); `about_the_subject` asks the cited articles for them."""
    missing = claim.missing - _question_dates(claim.question)
    return f"not in the cited sentences: {missing.describe()}" if missing.count else None


def dates_whole(claim: Claim) -> str | None:
    """A date comes whole from one sentence: not the day of a meeting from one and a year from another.
    A date the question gives may be restated (its figures are left to `question_figures`)."""
    given = _question_dates(claim.question)
    for unit in DATE_UNIT.finditer(claim.text):
        facts = _question_dates(unit.group())
        if not (facts - given).count:
            continue
        similarity = claim.settings.name_similarity
        if not any(stated_in(facts, c.sentence.text, "", similarity) == facts for c in claim.cited):
            return f"the date {unit.group()!r} is stitched from separate sentences"
    return None


def _question_dates(question: str) -> Facts:
    """The figures ("29", "by three") and months a question (or a date) gives."""
    return Facts(numbers=frozenset(numbers(question, capitalised=False)), months=frozenset(months(question)))


def about_the_subject(claim: Claim) -> str | None:
    """The cited articles name at least half the names the question asks about (the story, not another);
    a follow-up that names nothing ("How much prize money did she take home?") asks about the names of
    the turn it follows (Vesnina, Indian Wells), not about a sentence on another player's tournament.

    Half, not all: a reporter's "Astana" may stand for the "Kazakhstan" of the article.

    Each article that states a fact of the answer beyond the question names the story itself: asked how old
    the two hurt in a Cincinnati nightclub shooting were, the ages and names from an article on a Kansas bar
    shooting answer about another story, though a second cited article names Cincinnati.
    """
    given = extract_facts(claim.conversation or claim.question)
    own = extract_facts(claim.text) - given
    similarity = claim.settings.name_similarity
    for article_id, text in claim.articles.items():
        states_own = any(c.article.id == article_id and stated_in(own, c.sentence.text, c.speaker, similarity).count
                         for c in claim.cited)
        if text and states_own and (missing := _mostly_unnamed(claim, text, conversation=True)):
            return f"the cited article stating its facts never names {missing}: it answers about another story"
    if missing := _mostly_unnamed(claim, claim.sources, conversation=True):
        return f"the cited articles never name {missing}: they answer about another story"
    return None


def named_beside(claim: Claim) -> str | None:
    """A "who" or "where" answer's cited sentences sit in paragraphs (or under titles) naming at least
    half of what the question names: asked who signed with Tokayev, a sentence on Baerbock's visit
    names a person of the right story, in a paragraph that never names Tokayev. Half, as for the
    subject. So does a bare figure or date, which names nothing itself: asked what Hyrasia One will
    produce, "3 million tonnes/year" from "After 2030, it will produce 3 million tonnes/year", in a
    paragraph on another project. (A figure stated with its subject is held by `together`.) The title
    counts: "About 120 people were injured." stands in a later paragraph of "Earthquake strikes
    northern Valeria". It stands for one name, not for all: asked when the German developer's Kazakh
    project peaks, "After 2030, it will produce…" sits in a paragraph on the Caspian project that
    names neither, under a title naming Kazakhstan. Half, and one name at least of whom the question is about
    (`_actor_unnamed`)."""
    kind, subject = asked(claim.question).kind, question_subject(claim.question)
    similarity = claim.settings.name_similarity
    if not kind or kind not in ("name", "place") and unnamed(claim.question, claim.text, similarity).count != subject.count:
        return None  # a figure or date naming the question's names is held by `together`
    paragraphs = "\n".join(paragraph(claim.articles.get(c.article.id) or c.sentence.text, c.sentence) for c in claim.cited)
    named = "\n".join([paragraphs] + [c.article.title for c in claim.cited])
    if missing := _mostly_unnamed(claim, named) or _actor_unnamed(claim, named):
        return f"the cited paragraphs never name {missing}: they answer about something else"
    if subject.count > 1 and unnamed(claim.question, paragraphs, similarity) == subject:
        return f"the cited paragraphs name none of {subject.describe()}, only their articles' titles do"
    return None


def _mostly_unnamed(claim: Claim, text: str, conversation: bool = False) -> str:
    """The question's names the text does not state, described, when they are more than half of them; else "".
    `conversation`: a follow-up naming nothing is asked of the names of the conversation."""
    asked_about, subject = claim.question, question_subject(claim.question)
    if conversation and claim.conversation and not subject.count:
        asked_about, subject = claim.conversation, question_subject(claim.conversation)
    if not subject.count or not text:
        return ""
    missing = unnamed(asked_about, text, claim.settings.name_similarity)
    return missing.describe() if missing.count * 2 > subject.count else ""


def _actor_unnamed(claim: Claim, text: str) -> str:
    """The names of the question's grammatical subjects (`question_actor`), described, when the text states none
    of them; else "". Asked when Germany's foreign minister travelled to Kazakhstan, a paragraph on a British
    minister's visit names Kazakhstan, half the question's names, but not whom the question is about."""
    actor = question_actor(claim.question)
    if not actor.count or not text or stated_in(actor, text, "", claim.settings.name_similarity).count:
        return ""
    return actor.describe()


def title_given(claim: Claim) -> str | None:
    """Asked for an office ("which EU commissioner"), the cited articles give it: else the answer is
    someone else, who holds another (a deputy managing director is no commissioner)."""
    what = asked(claim.question)
    return f"the cited articles name no {what.title}" if claim.sources and not gives_title(what, claim.sources) else None


def holder_a_person(claim: Claim) -> str | None:
    """Asked for an office's holder ("which judge", "who is its president"), the answer names a person:
    spaCy's recogniser reads "Kingston Crown Court" in the cited article as a place or an organisation,
    no judge. Only the answer's own names count (not the question's, nor the turn's it follows), and a
    name the recogniser does not read, or reads as a person anywhere in a cited article, passes: the
    small model calls "Nikki Haley" an organisation in one sentence and a person in the next."""
    what = asked(claim.question)
    if not what.title:
        return None
    new = names(claim.text) - question_names(claim.conversation or claim.question)
    articles = {c.article.id: claim.articles.get(c.article.id) or c.sentence.text for c in claim.cited}
    kinds = {kind for text in articles.values() for words, kind in name_kinds(text) if words & new}
    if kinds and "person" not in kinds:
        return f"asked for the {what.title}, it names {' and '.join(sorted(kinds))}s, no person"
    return None


def amount_with_subject(claim: Claim) -> str | None:
    """An amount comes with its subject from one place: the sentence stating a figure of the claim and
    the one stating its names lie in one paragraph of one article, at most `LINK_SENTENCES` apart. "The
    Caspian project will need 20 gigawatts" stitches a project's name from one paragraph to another
    project's capacity; "Temasek invested $215 million in Mobike" stitches the opening's investor to a
    round twelve sentences on (scraped news often comes as one paragraph). A figure the question
    gives ("the four home nations") is the question's, not the claim's.
    """
    facts, amounts = extract_facts(claim.text), claim_amounts(claim.text, claim.question)
    if not amounts.count or not facts.names:
        return None
    similarity = claim.settings.name_similarity
    named = [c for c in claim.cited if stated_in(Facts(names=facts.names), c.sentence.text, c.speaker, similarity).count]
    for figure in claim.cited:
        if stated_in(amounts, figure.sentence.text, "", similarity).count and all(
                _near_in_one_paragraph(figure, c, claim.articles.get(c.article.id)) for c in named):
            return None
    return "its figure and its subject come from separate paragraphs or sentences far apart"


def claim_amounts(text: str, question: str) -> Facts:
    """The amounts a claim states beyond the question's own figures; years are dates, not amounts."""
    given = numbers(question)
    return Facts(numbers=frozenset(n for n in extract_facts(text).numbers if not is_year(n) and not among(n, given)))


def _near_in_one_paragraph(a: Candidate, b: Candidate, text: str | None) -> bool:
    if a.article.id != b.article.id:
        return False
    apart = abs(a.sentence.index - b.sentence.index)
    first, second = sorted((a.sentence, b.sentence), key=lambda s: s.start)
    return apart <= 1 or apart <= LINK_SENTENCES and (text is None or "\n" not in text[first.end:second.start])


def question_figures(claim: Claim) -> str | None:
    """The figures and years the question itself gives stand in one cited sentence with the answer's
    own figure: asked for the output in 2030, "2m t/y" from a sentence on full capacity, cited beside
    a sentence on 2030, answers another question.
    """
    given = numbers(claim.question, spelled=False)  # figures, not the "One" of a name
    if not given:
        return None
    own = [f for f in numbers(claim.text) if not among(f, given)]
    for cited in claim.cited:
        found = numbers(cited.sentence.text)
        if gives_question_figures(claim.question, cited, claim.articles.get(cited.article.id, "")) and (
                not own or any(among(f, found) for f in own)):
            return None
    return f"no cited sentence states the question's own {Facts(numbers=frozenset(given)).describe()} with the answer"


def gives_question_figures(question: str, cited: Candidate, article_text: str) -> bool:
    """Whether the cited sentence, read in its article, gives every figure and year the question gives
    (in digits).

    A figure that is not a year may stand anywhere in the article: it names the story the sentence
    belongs to ("the 6-1 comeback" of the title, "Type 1 diabetes" of the sentence before).
    A year may be given by the sentence's setting instead, when the sentence itself states no year:
    its article's title or, for what has happened, the year the article was published. News says
    "on Tuesday" and means that year: asked who won the 2017 race, a March 2017 article's "Seavey
    won on Tuesday" answers; a sentence on 2016's loss does not, whatever the article's date, nor
    does a plan's "aims to produce 2m t/y" answer what will be made in 2030. A year elsewhere in the
    paragraph is not the setting: "After 2030, it will produce 3 Mt" keeps its year to its own figure.
    A year the sentence counts from its article's date is stated: "101 last year" in a 2017 article
    answers how many there were in 2016 (`years_counted`).
    """
    found = numbers(cited.sentence.text) | years_counted(cited.sentence.text, cited.article.date)
    missing = [figure for figure in numbers(question, spelled=False) if not among(figure, found)]
    years = [figure for figure in missing if is_year(figure)]
    if len(years) < len(missing):  # the article is read only when the sentence lacks a figure
        in_article = numbers(f"{cited.article.title}\n{article_text}", spelled=False)
        if not all(among(figure, in_article) for figure in missing if not is_year(figure)):
            return False
    if not years:
        return True
    if any(is_year(f) for f in found - name_numbers(cited.sentence.text)):  # not the restaurant "Le 1947"
        return False
    published = "" if FUTURE.search(question) else cited.article.date[:4]
    setting = numbers(f"{published} {cited.article.title}", spelled=False)
    return all(among(year, setting) for year in years)


def words_stated(claim: Claim) -> str | None:
    share = word_share(claim)
    return f"only {share:.0%} of its words are in the cited sentences" if share < claim.settings.min_word_overlap else None


def word_share(claim: Claim) -> float:
    """Share of the claim's content words that its cited sentences (and their speakers) hold."""
    return overlap_share(content_terms(claim.text), _cited_terms(claim), empty=1.0)


def _cited_terms(claim: Claim) -> set[str]:
    """The cited sentences' words, their speakers' and the initials of their names: "the EU" is in
    "Kazakhstan and the European Union inked…"."""
    text = " ".join(f"{c.sentence.text} {c.speaker}" for c in claim.cited)
    return content_terms(text) | content_terms(" ".join(acronyms(text)))


def right_speaker(claim: Claim) -> str | None:
    asked = claim.asked_quote.speaker if claim.asked_quote else None
    wrong = wrong_speaker(claim.text, [c.speaker for c in claim.cited], asked, claim.settings.name_similarity)
    return f"the article attributes this to {wrong}" if wrong else None


def words_of_the_asked(claim: Claim) -> str | None:
    """Asked what someone said, a cited sentence gives someone's words, theirs when the question
    names them: a fact of the same article ("memorandums were signed…, Kallanish notes") is no
    answer to "what did he say"."""
    by = speech_asked(claim.question, claim.conversation or claim.question, claim.sources)
    if by is None or any(reports_speech(c.sentence.text, c.speaker, by, claim.settings.name_similarity)
                         for c in claim.cited):
        return None
    return "asked what someone said, the cited sentences give no one's words" if not by else \
        "asked what someone said, the cited sentences give the words of no one the question names"


def close_in_meaning(claim: Claim) -> str | None:
    """Its embedding is close to the cited text's, or, for a claim made only of the cited sentences'
    words ("20 gigawatts", "Alikhan Smailov"), the cited sentences share a word with the question: a
    short answer sits far from a long sentence in embedding space whatever it says, but a year from a
    sentence that has nothing of the question ("2023" for Baerbock's trip) answers something else.
    A follow-up's words may all be in the question before it ("How many people came?").
    """
    if claim.support >= claim.settings.support_threshold:
        return None
    if word_share(claim) < 1.0:
        return "too far in meaning from the cited sentences"
    if claim.question and not content_terms(claim.conversation or claim.question) & _cited_terms(claim):
        return "the cited sentences have none of the question's words"
    return None


RULES = [
    Rule("declined", declined, "a sentence saying the articles do not answer is not a claim"),
    Rule("facts", facts_stated, "every number, month and name is stated by a cited sentence"),
    Rule("dates", dates_whole, "a date comes whole from one cited sentence"),
    Rule("together", amount_with_subject, "a figure and the names it belongs to come from one paragraph, close together"),
    Rule("figures", question_figures, "the figures the question gives are stated by a cited sentence with the answer"),
    Rule("words", words_stated, "most of its content words are in the cited sentences"),
    Rule("speaker", right_speaker, "whoever it says said something is the speaker the article gives"),
    Rule("said", words_of_the_asked, "asked what someone said, a cited sentence gives their words"),
    Rule("subject", about_the_subject, "the cited articles are about what the question names"),
    Rule("title", title_given, "asked for an office (which commissioner), the cited articles give it"),
    Rule("holder", holder_a_person, "asked for an office's holder (which judge), the answer names a person"),
    Rule("beside", named_beside, "a who / where answer's, or a bare figure's, cited paragraphs name what the question names"),
    Rule("meaning", close_in_meaning, "its embedding is close to the cited text's"),
]


def first_failure(claim: Claim) -> tuple[str, str] | None:
    """(rule code, reason) of the first rule the claim fails, or None when it passes them all."""
    for rule in RULES:
        if (reason := rule.check(claim)) is not None:
            return rule.code, reason
    return None
