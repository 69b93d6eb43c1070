"""Article text is untrusted: it reaches the model as inert data, and text that addresses the model is withheld.

A planted instruction is recognised by its class, not its phrase: overriding earlier rules, a
role change, words addressed to an AI, fake system or chat markers, or orders about what to
answer. Text is normalised first (Unicode NFKC, zero-width and control characters removed,
Cyrillic and Greek look-alike letters mapped to Latin), so "i\u200bgnore" and "іgnore" read as
"ignore". The unit judged is the paragraph: an instruction spread over two sentences withholds
both. Withheld text never reaches the prompt and so can never be cited; it stays in the article,
visible to the reader.
"""

from __future__ import annotations

import re
import unicodedata

INVISIBLE = re.compile(r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
                       r"\u3164\ufe00-\ufe0f\ufeff\uffa0]")
LOOKALIKES = str.maketrans("аеорсухіјѕԁԛԝѵАВЕКМНОРСТХІЈЅαεοριτυνχΑΒΕΗΙΚΜΝΟΡΤΥΧ",
                           "aeopcyxijsdqwvABEKMHOPCTXIJSaeopitvvxABEHIKMNOPTYX")
_AI = (r"(?:ai|a\.i\.|ai (?:assistants?|models?|systems?)|assistants?(?! (?:coach|manager|director|secretary|professor"
       r"|editor|referee|principal|chief|commissioner))|language models?|llms?|chat ?bots?|gpt|chatgpt|qwen|claude)")
INJECTION = re.compile("|".join([
    # overriding what came before
    r"\b(?:ignore|disregard|forget|override|bypass|skip)\b.{0,60}\b(?:instructions?|prompts?|rules|context|guidelines"
    r"|directions|directives|orders)\b",
    # a new role or task
    r"\byou are now\b|\bact as\b|\bpretend (?:to be|you)\b|\bfrom now on\b|\bnew (?:instructions?|rules|role|task)\b"
    r"|\byour (?:new |real |true )?(?:task|role|instructions?|job|purpose) (?:is|are)\b|\brole-?play\b",
    # words addressed to an AI
    rf"\b(?:to|for|attention|note to|message to|dear|hey|hello) (?:the |any |all |an? )?{_AI}\b"
    rf"|\bif you are an? {_AI}\b|\b{_AI} (?:reading|processing|summari[sz]ing|answering|parsing) (?:this|these)\b",
    # fake system or chat markers
    r"\bsystem (?:prompt|notice|message|override|instructions?|update|alert)\b|<\|?im_(?:start|end)\|?>|\[/?inst\]"
    r"|(?:^|\n)\s*(?:system|assistant|user)\s*:|#{2,}\s*(?:instruction|system)",
    # orders about the answer
    r"\b(?:answer|respond|reply) (?:to )?(?:every|all|any) (?:question|query|request)s?\b"
    r"|\b(?:always|must|should|shall) (?:answer|respond|reply) (?:that|with|by|every|all|any)\b"
    r"|\b(?:tell|inform) (?:the )?(?:users?|readers?"
    r"|journalists?|reporters?)\b|\bthe (?:correct|right|true|real|only) answer (?:is|should be|will be)\b"
    r"|\binstead,? (?:say|answer|reply|report|write|state|claim)\b|\b(?:do not|don't|never) (?:cite|mention|quote) "
    r"(?:this|the|these|any|other|that)\b",
]), re.IGNORECASE)


def normalise(text: str) -> str:
    """The text as a reader sees it: compatibility forms folded, invisible characters dropped, look-alikes mapped."""
    text = unicodedata.normalize("NFKC", text)
    text = INVISIBLE.sub("", text)
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")
    return text.translate(LOOKALIKES)


def addresses_model(text: str) -> bool:
    """Whether the text reads as an instruction to the model rather than news for the reader."""
    return bool(INJECTION.search(normalise(text)))


def as_data(text: str) -> str:
    """Article text as inert data: it cannot open or close the prompt's own tags."""
    return text.replace("<", "‹").replace(">", "›")


def as_attribute(text: str) -> str:
    """Text for a double-quoted attribute of the prompt's tags (title, publisher)."""
    return as_data(text).replace('"', "'")
