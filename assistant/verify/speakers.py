"""Who says what: the speaker an article gives a quote, and the speaker an answer claims.

A sentence that says "X said …" must cite a quote the article attributes to X; for a question
"who said …", every name in the answer is the claim, checked against the quote asked about.
"""

from __future__ import annotations

import re

from assistant.types import Sentence
from assistant.verify.facts import names, same_name

SPEAKER_VERBS = (r"(?:said|says|noted|added|told|stressed|explained|stated|emphasi[sz]ed|underscored|announced|"
                 r"warned|remarked)")
NAME = r"((?:[A-Z][\w’'\-]+\s){0,4}[A-Z][\w’'\-]+)"
ATTRIBUTION = [
    re.compile(rf"[\"”’],?\s+{NAME}\s+{SPEAKER_VERBS}"),
    re.compile(rf"[\"”’],?\s+{SPEAKER_VERBS}\s+{NAME}"),
    re.compile(rf"\b[Aa]ccording to {NAME}"),
]
CLAIMED_SPEAKER = re.compile(rf"{NAME}\s+{SPEAKER_VERBS}|[Aa]ccording to {NAME}")
WHO_SAID = re.compile(r"\bwho\b.{0,40}\b(?:said|says|say|noted|added|told|stressed|stated|called|described|"
                      r"emphasi[sz]ed|underscored|announced|warned|remarked|hailed)\b", re.IGNORECASE)
QUOTATION = re.compile(r"[\"“”]")
QUOTE_REACH = 2  # sentences a quotation runs on from, or to, the one naming its speaker
PRONOUN_ATTRIBUTION = re.compile(rf"[\"”’],?\s+(?:he|she|they)\s+{SPEAKER_VERBS}|[Aa]ccording to (?:him|her|them)\b")


def find_speaker(article_text: str, sentence: Sentence, sentences: list[Sentence]) -> str:
    """Who the article says is speaking in this sentence: the one it names ("…,” Smailov said", "according to
    …"); for words in quotation marks that name no one, the nearest attribution of their paragraph within
    `QUOTE_REACH` sentences (a quote runs on: "“Today we … security,” Cleverley noted. “These are sectors …”");
    for "he added", the last speaker named before it. Scraped news often comes as one paragraph, so the
    paragraph's first attribution is not every sentence's: there "Supt Evans said …" and a later quote
    attributed to Wilders were both given the article's first speaker."""
    if who := _attributed(sentence.text):
        return who
    at = sentence.index
    if PRONOUN_ATTRIBUTION.search(sentence.text):  # "he added": the last named speaker
        return next((who for s in reversed(sentences[max(0, at - QUOTE_REACH * 2):at]) if (who := _attributed(s.text))),
                    "")
    if not QUOTATION.search(sentence.text):
        return ""
    nearby = sorted((s for s in sentences[max(0, at - QUOTE_REACH):at + QUOTE_REACH + 1] if s.index != at
                     and "\n" not in article_text[min(s.end, sentence.end):max(s.start, sentence.start)]),
                    key=lambda s: abs(s.index - at))
    return next((who for s in nearby if (who := _attributed(s.text))), "")


def _attributed(text: str) -> str:
    """The speaker a sentence names for its quotation ("…,” Smailov said"), or for all of it ("according to X")."""
    return next((match.group(1) for pattern in ATTRIBUTION if (match := pattern.search(text))), "")


def wrong_speaker(text: str, speakers: list[str], asked_speaker: str | None, name_similarity: float) -> str:
    """The real speaker, when the answer puts in one mouth what the article puts in another; else "".

    `speakers`: the speakers of the cited sentences. `asked_speaker`: the speaker of the quote a
    "who said" question asks about; then any name in the answer is the claimed speaker.
    """
    claimed = {w.lower() for m in CLAIMED_SPEAKER.finditer(text) for w in (m.group(1) or m.group(2)).split()}
    speakers = [s for s in speakers if s]
    if asked_speaker is not None:
        claimed |= names(text)
        speakers = [asked_speaker]
    if not claimed or not speakers:
        return ""
    said = any(same_name(name, word.lower(), name_similarity) for speaker in speakers for name in claimed
               for word in speaker.split())
    return "" if said else speakers[0]


# "What did Smailov say…", "How did Devigne describe…", "What sectors did he say…": the answer is
# someone's words. Not "how many did police say": that asks for a figure, however it was reported.
ASKS_WHAT_SAID = re.compile(r"\b(?:(?:what|which)(?:\s+[\w’'\-]+){0,2}|how)\s+(?:did|does|do|has|have|had|will|would)\s+"
                            r"(.{1,60}?)\s+(?:say|tell|stress|note|add|emphasi[sz]e|underscore|warn|announce|"
                            r"describe|call|explain)\b", re.IGNORECASE)
PRONOUNS = {"he", "she", "they", "it", "him", "her", "them"}
TITLE_CHARS = 40  # how far before a title's head noun its other words may stand ("British Foreign Minister")
DETERMINERS = ("the", "a", "an", "its", "their")
ROLE_WORD = re.compile(rf"\b(?!(?:{'|'.join(DETERMINERS)})\b)[a-z]{{2,}}\b")  # "the British minister", not "Smailov"
SPEECH = (rf"(?:{SPEAKER_VERBS}|notes|adds|tells|stresses|explains|states|warns|hail(?:s|ed)|describe[sd]|call(?:s|ed)|"
          r"claim(?:s|ed)|urge[sd]|argue[sd]|insist(?:s|ed))")
# "Smailov said", "Bolat Akchulakov, energy advisor to the president, underscored", "according to X"
NAMED_SPEECH = re.compile(rf"{NAME}(?:,[^,]{{1,80}},)?\s+{SPEECH}\b|\b[Aa]ccording to {NAME}")
UNNAMED_SPEECH = re.compile(rf"\b{SPEECH}\b|\b[Aa]ccording to\b", re.IGNORECASE)


def speech_asked(question: str, conversation: str, sources: str = "") -> set[str] | None:
    """For "what did X say …": the names X may be (those of the conversation for "he"); None when
    the question asks for no one's words. X described by a role ("the Kazakh prime minister") is
    whoever the cited articles give that title ("Kazakh Prime Minister Alikhan Smailov", `titled`),
    not the publisher ("…, Kallanish notes"). An empty set: anyone's words, when no article names
    the role's holder ("the ministry")."""
    if not (match := ASKS_WHAT_SAID.search(question)):
        return None
    who = match.group(1).strip()
    if who.lower() in PRONOUNS:
        return names(conversation)
    return titled(who, sources) if ROLE_WORD.search(who) else names(who)


def titled(role: str, text: str) -> set[str]:
    """The names the text writes after a title holding the role's words: "Alikhan Smailov" for "the
    Kazakh prime minister" from "Kazakh Prime Minister Alikhan Smailov"; "James Cleverly" for "the
    British minister" from "British Foreign Minister James Cleverly"."""
    *modifiers, head = [w.lower() for w in re.findall(r"[\w’'\-]+", role) if w.lower() not in DETERMINERS]
    found = set()
    for match in re.finditer(rf"\b(?i:{re.escape(head)})\s+{NAME}", text):
        before = text[max(0, match.start() - TITLE_CHARS):match.start()].lower()
        if all(re.search(rf"\b{re.escape(m)}\b", before) for m in modifiers):
            found |= names(match.group(1))
    return found


def reports_speech(text: str, speaker: str, by: set[str], name_similarity: float) -> bool:
    """This sentence (whose paragraph quotes `speaker`, if any) gives the words of one of `by`
    (of anyone, when `by` is empty); an unnamed "he added" or "the report says" counts as theirs."""
    named = [speaker] if speaker else []
    named += [n for m in NAMED_SPEECH.finditer(text) if (n := m.group(1) or m.group(2)).lower() not in PRONOUNS]
    if not named:
        return bool(UNNAMED_SPEECH.search(text))
    return not by or any(same_name(name, word.lower(), name_similarity) for name in by for s in named
                         for word in s.split())
