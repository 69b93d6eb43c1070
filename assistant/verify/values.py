"""The values a sentence gives for the asked kind of fact, as written and in a form that compares.

"45 people", "$50bn" and "fifty billion dollars" compare as numbers with their kind (a count, money,
a share); "20 March" and "March 20, 2023" as dates that agree on what both state; names as
lower-cased words, the shorter within the longer. Two sentences about the same thing that give
values which agree on nothing disagree: that is a conflict between sources (`assistant/sources.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

import dateparser

from assistant.terms import content_terms
from assistant.verify.facts import (
    CURRENCY,
    CURRENCY_SIGN,
    DATE_UNIT,
    MONTHS,
    NOT_NAMES,
    NUMBER_WORD,
    NUMBER_WORDS,
    SCALE,
    SCALES,
    WEEKDAYS,
    YEAR,
)
from assistant.verify.grammar import naming_verb, words_about

QUANTITY = re.compile(
    rf"(?P<currency>{CURRENCY_SIGN}\s?)?(?<![\w.,])(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    rf"(?:{NUMBER_WORD})\b)(?:\s?(?P<scale>{SCALE})(?![a-z]))?(?P<percent>\s?(?:%|percent\b|per cent\b))?"
    rf"(?P<money>\s(?:{CURRENCY})\b)?", re.IGNORECASE)
# What follows an amount and makes it another kind of amount: an age, or a measure in a unit. Two
# measures compare only in one unit ("100,000 cubic feet" is not "2,830 cubic metres").
AGE = re.compile(r"\s?(?:-|\s)year(?:s)?(?:-|\s)old\b|\s?-year\b", re.IGNORECASE)
UNIT = re.compile(r"\s?-?((?:cubic|square)\s+\w+|feet|foot|ft|metres?|meters?|km|kilometres?|kilometers?|miles?|"
                  r"tonnes?|tons?|kg|kilograms?|grams?|pounds?|lbs?|litres?|liters?|gallons?|barrels?|"
                  r"[kmg]w|[kmg]wh|megawatts?|gigawatts?|hectares?|acres?|degrees?|inch(?:es)?|cm|mm)\b", re.IGNORECASE)
DECADE = re.compile(r"\d0s\b")
CAPITALISED_RUN = re.compile(r"[A-Z][\w’'\-]*(?:\s+(?:of\s+|de\s+|van\s+)?[A-Z][\w’'\-]*)*")
# How a story gives a person's age: "Frade, 44,", "(44)", "aged 44", "44-year-old", "was 44", "is understood
# to have been 43 and". The copula's number must end its phrase ("was 43 when", not "was 43 metres").
AGE_WRITTEN = re.compile(
    rf"(?P<named>{CAPITALISED_RUN.pattern}),?\s\(?(?P<by_name>\d{{1,3}})\b(?=\s*[,)])"
    r"|\b(?P<aged>\d{1,3})(?:-|\s)years?(?:-|\s)old\b|\baged\s(?P<by_aged>\d{1,3})\b"
    r"|\b(?:is|was|been)\s(?P<by_verb>\d{1,3})\b(?=\s*(?:[,.;]|$|and\b|when\b|at\b|on\b))")
SAID_BY = re.compile(r"\s+(?:said|says|say|told|reported|believe[sd]?)\b")  # a speaker before the sentence's subject
# A year a story counts from its own date, in the words dateparser reads: "last year", "two years ago".
RELATIVE_YEAR = re.compile(rf"\b(?:(?:last|this|next) year|(?:a|\d+|{NUMBER_WORD}) years? ago)\b", re.IGNORECASE)
DATE_KINDS = ("year", "day", "date")
NAME_KINDS = ("name", "place")


# What a count in a news story counts, told by the words beside it: two articles' counts conflict when
# they count the same thing ("42 refugees have been killed", "put the death toll at 33"), not when one
# counts the dead and the other the rescued. Casualty, arrest and displacement counts are the figures
# that follow-ups revise most. Ages are left out: every person of a story has one.
COUNTS = {
    "dead": "dead died die dies killed kills killing toll lives fatalities bodies perished",  # not "death": its penalty
    "hurt": "injured injuries injuring wounded wounding hurt",
    "arrested": "arrested arrest arrests arresting detained detention charged",  # so far: the released among them
    "held": "custody held hold holding holds detained detention",  # still: "two men remain in custody"
    "freed": "released freed",
    "rescued": "rescued rescue saved pulled",
    "missing": "missing unaccounted",
    "in hospital": "hospital hospitals hospitalised hospitalized treated",
    "displaced": "evacuated evacuate evacuation displaced homeless fled",
}


@dataclass(frozen=True)
class Value:
    text: str  # as the sentence writes it
    key: tuple  # (count | money | share | age | "measure <unit>", amount), ("date", month, day, year) with 0
    # for unstated parts, ("name", word, ...)
    start: int = field(default=-1, compare=False)  # where the sentence writes it

    def agrees(self, other: Value) -> bool:
        """Same value: equal amounts of one kind, dates equal on every part both state, names of which one
        holds every word of the other."""
        if self.key[0] != other.key[0] and {self.key[0], other.key[0]} != {"age", "count"}:
            return False  # an age is often written as a bare number ("Masood, 52,")
        if self.key[0] == "date":
            return all(a == b or 0 in (a, b) for a, b in zip(self.key[1:], other.key[1:]))
        if self.key[0] == "name":  # "Ajao" is "Adrian Russell Ajao"; "Janet Ajao", his mother, is not
            mine, theirs = set(self.key[1:]), set(other.key[1:])
            return mine <= theirs or theirs <= mine
        a, b = self.key[1], other.key[1]
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1)


def values(text: str, kind: str, known_names: frozenset[str] = frozenset()) -> list[Value]:
    """The values of one kind (`verify.relevance.asked`'s kinds) in a text; names in `known_names`
    (the question's own) are the subject, not an answer, and are left out."""
    if kind == "number":
        return quantities(text)
    if kind in DATE_KINDS:
        years = [Value(m.group(), ("date", 0, 0, int(m.group())), m.start()) for m in YEAR.finditer(text)]
        if kind == "year":
            return years
        dated = [m.start() for m in DATE_UNIT.finditer(text)]
        return dates(text) + [y for y in years if kind == "date" and not any(s <= y.start < s + 25 for s in dated)]
    if kind in NAME_KINDS:
        return names_of(text, known_names)
    return []


def quantities(text: str) -> list[Value]:
    """Numbers with their kind; years and the days of dates are not quantities."""
    in_dates, found = [range(*m.span()) for m in DATE_UNIT.finditer(text)], []
    for match in QUANTITY.finditer(text):
        digits, scale = match.group("digits"), match.group("scale") or ""
        if any(match.start("digits") in span for span in in_dates):
            continue
        amount = float(NUMBER_WORDS.get(digits.lower(), digits).replace(",", "")) * SCALES.get(scale.lower(), 1.0)
        kind = "money" if match.group("currency") or match.group("money") else "share" if match.group("percent") else "count"
        if kind == "count" and not scale and (YEAR.fullmatch(digits) or DECADE.match(text, match.start("digits"))):
            continue  # a year, or a decade ("in her 40s")
        rest = text[match.end():]
        if kind == "count" and AGE.match(rest):
            kind = "age"
        elif kind == "count" and (unit := UNIT.match(rest)):
            kind = "measure " + " ".join(unit.group(1).lower().split())
        found.append(Value(match.group().strip(), (kind, amount), match.start()))
    return found


def dates(text: str) -> list[Value]:
    """Dates written as a unit ("20 March", "March 20, 2023", "March 2023"), parts unstated left 0."""
    found = []
    for match in DATE_UNIT.finditer(text):
        written = match.group()
        month = next(i for i, m in enumerate(MONTHS, start=1) if written.lower().find(m[:3]) >= 0)
        numbers = [int(n) for n in re.findall(r"\d+", written)]
        year = next((n for n in numbers if n > 31), 0)
        day = next((n for n in numbers if n <= 31), 0)
        found.append(Value(written, ("date", month, day, year), match.start()))
    return found


def years_counted(text: str, published: str) -> set[float]:
    """The years a text counts from its article's publication date (ISO), resolved by dateparser: "jumped
    to 101 last year" in a February 2017 article speaks of 2016."""
    try:
        base = datetime.fromisoformat(published[:10])
    except ValueError:
        return set()
    read = (dateparser.parse(m.group(), languages=["en"], settings={"RELATIVE_BASE": base})
            for m in RELATIVE_YEAR.finditer(text))
    return {float(when.year) for when in read if when}


def names_of(text: str, known_names: frozenset[str]) -> list[Value]:
    """Runs of capitalised words ("Mitch Seavey") that are not the question's names or sentence furniture."""
    found = []
    for match in CAPITALISED_RUN.finditer(text):
        words = [w.lower().removesuffix("’s").removesuffix("'s") for w in re.findall(r"[\w’'\-]+", match.group())]
        kept = [w for w in words if w[:1].isalpha() and w not in NOT_NAMES | WEEKDAYS and w not in MONTHS
                and w not in known_names]
        if kept:
            found.append(Value(match.group(), ("name", *kept), match.start()))
    return found


def age_of(text: str, person: frozenset[str]) -> Value | None:
    """The age a sentence gives the person (lower-cased words of their name), if it gives one. An
    age is whose name it stands beside ("Aysha Frade, 44,", "52-year-old British man Khalid Masood",
    "Keith Palmer, a 48-year-old officer"); after a verb ("… is understood to have been 43") it is the
    sentence's subject's, not a speaker's ("Colleagues said Dana Pell was 46"), after "who was" the
    name before it."""
    runs = names_of(text, frozenset())
    for match in AGE_WRITTEN.finditer(text):
        number = next(n for n in ("by_name", "aged", "by_aged", "by_verb") if match.group(n))
        before = [r for r in runs if r.start < match.start()]
        after = {w.strip(",.;").lower() for w in text[match.end():].split()[:4]} if number == "aged" else set()
        if number == "by_name":
            owner = {w for run in names_of(match.group("named"), frozenset()) for w in run.key[1:]}
        elif after & person:  # "52-year-old British man Khalid Masood"
            owner = after
        elif number == "by_verb" and not re.search(r"\b(?:who|which)\s+(?:is|was)\s+\d+$", text[:match.end()]):
            subjects = [r for r in before if not SAID_BY.match(text, r.start + len(r.text))]  # not "Police said"
            owner = set(subjects[0].key[1:]) if subjects else set()
        else:
            owner = set(before[-1].key[1:]) if before else set()
        if owner & person:
            return Value(match.group(number), ("age", float(match.group(number))), match.start(number))
    return None


def context(text: str, value: Value, words: int = 4) -> set[str]:
    """The content words (stemmed) on either side of a value: what it counts or dates ("refugees killed")."""
    before = text[:value.start].split()[-words:]
    after = text[value.start + len(value.text):].split()[:words]
    return content_terms(" ".join(before + after))


def counted_by(text: str, value: Value) -> set[str]:
    """What a figure of the text counts (`COUNTS`), read from the sentence's grammar ("Seven of the 11
    people arrested … have been released": the freed), else from the words beside it."""
    return (counts(content_terms(" ".join(words_about(text, value.start, value.start + len(value.text)))))
            or counts(context(text, value)))


def named_by(text: str, value: Value) -> str:
    """The verb a name of the text complements (`grammar.naming_verb`): "bear" for "born Adrian Elms"."""
    return naming_verb(text, value.start, value.start + len(value.text))


def counts(words: set[str]) -> set[str]:
    """What the stemmed words say is counted (`COUNTS`): {"dead"} for "killed", none for "refugees"."""
    return {what for what, stems in _COUNT_STEMS.items() if words & stems}


def counts_another_thing(text: str, question: str) -> bool:
    """Whether every figure of the text counts something other than what the question counts
    (`COUNTS`): asked how many were pulled to safety, "42 bodies were recovered" counts the dead. A
    figure with no counted thing beside it ("80 refugees") may count anything, and a question that
    names none ("how many boats") is not told apart this way."""
    counted = counts(content_terms(question))  # first: the parse is only needed when the question counts something
    return bool(counted) and counts_only_others([counted_by(text, value) for value in quantities(text)], counted)


def counts_only_others(each: list[set[str]], counted: set[str]) -> bool:
    """Whether every value, by what it counts (`counted_by`, one set per value), counts something and
    none of it is the counted thing."""
    return bool(counted and each) and all(c and not c & counted for c in each)


def masked(text: str, kind: str, known_names: frozenset[str] = frozenset()) -> str:
    """The text with its values of the kind blanked: what remains is what the value is about."""
    merged: list[list[int]] = []
    found = dates(text) + values(text, "year") if kind in DATE_KINDS else values(text, kind, known_names)
    for start, end in sorted((v.start, v.start + len(v.text)) for v in found):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + "…" + text[end:]
    return text


_COUNT_STEMS = {what: frozenset(content_terms(words)) for what, words in COUNTS.items()}
