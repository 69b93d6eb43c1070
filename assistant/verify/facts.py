"""The hard facts of a sentence: numbers with their scale, month names and proper names.

Embedding cosine cannot tell "$50 billion" from "$20 billion" (0.756 vs 0.748), so these are
compared exactly: "$50 billion" = "50 billion dollars" = 5e10, "2m" = "2 million", "nineteen" = 19.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
          "b": 1e9, "trillion": 1e12, "tn": 1e12}
SCALE = "|".join(SCALES)  # each all letters and followed by a non-letter: at most one can match
NUMBER = re.compile(rf"(?<![\w.])(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:st|nd|rd|th)?\s?({SCALE})?(?![a-z])",
                    re.IGNORECASE)
NUMBER_WORDS = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORD = "|".join(NUMBER_WORDS)
CURRENCY_SIGN = "[$€£¥]"
CURRENCY = "dollars?|euros?|pounds?|yuan|yen|rupees?|roubles?|rubles?|francs?"  # written out after an amount
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
LINK = re.compile(r"https?://\S+|@\w+|\b[\w.\-]+\.(?:com|org|net|gov|edu|ly|io)\b(?:/\S*)?")
MONTHS = ("january february march april may june july august september october november december").split()
# Capitalised words that start sentences or name no one; never checked as names.
_MONTH = "(?:" + "|".join(m[:3] for m in MONTHS) + r")[a-z]*\.?"
YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")
# A date as one unit: a day with its month, a month with its year, or all three ("18 March 2023").
_YEAR = r"(?:,?\s+(?:1[89]|20)\d\d)"
DAY_OF_MONTH = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}{_YEAR}?|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?{_YEAR}?\b"  # "18 March"
DATE_UNIT = re.compile(rf"\b(?:{DAY_OF_MONTH}|{_MONTH}\s+(?:of\s+)?(?:1[89]|20)\d\d\b)", re.IGNORECASE)
# Words that date something without a figure: "on Tuesday", "yesterday".
RELATIVE_DAYS = "|".join([*WEEKDAYS, "yesterday", "today", "tomorrow"])
PEOPLE_ENDING = re.compile(r"(?:ese|ish|ian|an)$")  # Chinese, Swedish, Italian, Mexican
PLACE_ENDING = re.compile(r"a|o|y|e|ey|en|ain|and|ia")  # China, Mexico, Italy, Ukraine, Turkey, Sweden, Britain, England
# What a name's longer form adds to it: a plural, a people or a country (Kurils, Iraqi, Brazilian, Germany, Turkmenistan),
# not another name that begins the same (Mobile/Mobileye, Mark/Market).
LONGER_FORM = re.compile(r"e?s|is?|a|n|ns|e?y|[ie]?ans?|ese|ish|i?stan|land|ia|ite?s?")
NOT_NAMES = frozenset("""a an the in on at it its this that these those he she they we i you his her their our
according after before during as by for from with yes no there both some also however while when since to of and
but or if so then each every all many most one two under over about what who which where why how not none
first second third new former president minister prime foreign chief deputy director mr mrs ms dr""".split())


NAME_RUN = re.compile(r"[A-Z][a-z]+(?:\s+(?:of\s+|the\s+|and\s+|for\s+)*[A-Z][a-z]+)+")  # "European Union"
INITIALS = r"[A-Z]{2,6}"  # a name written as its initials: "EU", "UK"


@dataclass(frozen=True)
class Facts:
    numbers: frozenset[float] = frozenset()
    months: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    @property
    def count(self) -> int:
        return len(self.numbers) + len(self.months) + len(self.names)

    def __sub__(self, other: Facts) -> Facts:
        return Facts(self.numbers - other.numbers, self.months - other.months, self.names - other.names)

    def __and__(self, other: Facts) -> Facts:
        return Facts(self.numbers & other.numbers, self.months & other.months, self.names & other.names)

    def describe(self) -> str:
        numbers = [f"{n:,.0f}" if n == int(n) else f"{n:g}" for n in sorted(self.numbers)]
        return ", ".join(numbers + sorted(self.months) + sorted(self.names))


def extract_facts(text: str) -> Facts:
    return Facts(numbers=frozenset(numbers(text)), months=frozenset(months(text)), names=frozenset(names(text)))


def stated_in(facts: Facts, text: str, speaker: str, name_similarity: float, as_names: bool = False) -> Facts:
    """The facts (of an answer sentence) that this source text, or the speaker it quotes, states.
    `as_names`: a name counts only where the text writes it as one, for the names a reporter capitalised in a
    question: "mobile phones" does not name Mobile Technologies. (An answer's first word is capitalised
    whatever it is, so an answer's names are matched in any case.)"""
    found = numbers(text)
    if as_names:
        words = names(text) | names(speaker)
    else:
        words = set(re.findall(r"[\w’'\-]+", f"{text} {speaker}".lower()))
        words |= {part for word in words if "-" in word for part in word.split("-")}
    words |= acronyms(text)
    return Facts(
        numbers=frozenset(n for n in facts.numbers if among(n, found)),
        months=facts.months & months(text),
        names=frozenset(n for n in facts.names if n in words or any(same_name(n, w, name_similarity) for w in words)),
    )


def among(value: float, values: set[float]) -> bool:
    """Whether the number is one of the values (2e10 computed two ways is one number)."""
    return any(abs(value - v) <= 1e-9 * max(abs(value), 1) for v in values)


def numbers(text: str, spelled: bool = True, capitalised: bool = True) -> set[float]:
    """The numbers of a text with their scale. `spelled`: "nineteen" counts too; `capitalised`: "Three died"
    too, which may be a name's number ("Hyrasia One"): a question's figures are read without it."""
    if spelled:
        text = re.sub(rf"\b({NUMBER_WORD})\b", lambda m: NUMBER_WORDS[m.group(1).lower()],
                      text, flags=re.IGNORECASE if capitalised else 0)
    values = set()
    for digits, scale in NUMBER.findall(text):
        value = float(digits.replace(",", ""))
        values.add(value * SCALES.get(scale.lower(), 1.0) if scale else value)
    return values


# A number written after a name's capitalised word is part of the name: the restaurant "Le 1947", a
# "Saab 340", "Apollo 11". After a month it is a date's ("March 2017"), after furniture a figure ("In 1968").
NAMED_NUMBER = re.compile(r"\b([A-Z][\w’'\-]*)\s(\d+)\b(?![.,]\d)")
BEFORE_A_FIGURE = NOT_NAMES | {"until", "till", "circa"}  # "In 1968", "Until 1990": furniture, not a name


def name_numbers(text: str) -> set[float]:
    """The numbers a text writes as part of a name ("Le 1947", "Saab 340"), not as figures or years."""
    return {float(number) for word, number in NAMED_NUMBER.findall(text)
            if word.lower() not in BEFORE_A_FIGURE and not _month_written(word)}


def _month_written(word: str) -> bool:
    """"March", "Sept", "Dec." """
    written = word.lower().rstrip(".")
    return len(written) >= 3 and any(month.startswith(written) for month in MONTHS)


def months(text: str) -> set[str]:
    lowered = text.lower()
    return {m for m in MONTHS if re.search(rf"\b{m[:3]}(?:{m[3:]}|\.)?\b", lowered)
            and not (m == "may" and not re.search(r"\bMay\b", text))}


def names(text: str) -> set[str]:
    """Capitalised words that are not sentence furniture or number words, lower-cased, possessive 's
    removed; a hyphenated name is its capitalised parts ("UK-Kazakhstan" names the UK and Kazakhstan,
    "Germany-based" Germany). Links and handles an embedded tweet leaves behind ("@NWSFortWorth
    pic.twitter.com/UEDpnzCkDK") name no one."""
    found = set()
    for match in re.finditer(r"[A-Za-z][\w’'\-]*", LINK.sub(" ", text)):
        for word in match.group().strip("’'-").split("-"):
            lower = word.lower()
            if not word[:1].isupper():
                continue
            if lower.endswith(("’s", "'s")):
                found.add(lower[:-2])
            elif lower not in NOT_NAMES and lower not in MONTHS and lower not in NUMBER_WORDS:
                found.add(lower)
    return found


def _demonym_of(people: str, place: str) -> bool:
    """Chinese/China, Mexican/Mexico, British/Britain: a stem of four letters or more with a people's
    ending, and the stem with a place's ending. Demonyms that change their stem (French/France,
    Dutch/Netherlands) are not caught; no maintained library on PyPI maps them."""
    stem = PEOPLE_ENDING.sub("", people)
    return stem != people and len(stem) >= 4 and place.startswith(stem) and bool(PLACE_ENDING.fullmatch(place[len(stem):]))


def acronyms(text: str) -> set[str]:
    """Initials of runs of capitalised words: "United Kingdom" gives "uk", "European Union" "eu"."""
    found = set()
    for run in NAME_RUN.finditer(text):
        letters = _initials(run.group())
        found |= {letters[i:j] for i in range(len(letters)) for j in range(i + 2, len(letters) + 1)}
    return found


def spelled_out(acronym: str, text: str) -> str:
    """The name of the text whose initials the acronym is ("European Union" for "EU", in "Kazakhstan and
    the European Union"); "" for none."""
    letters = acronym.lower()
    for run in NAME_RUN.finditer(text):
        words = [w for w in re.finditer(r"\S+", run.group()) if w.group()[0].isupper()]
        for i in range(len(words) - len(letters) + 1):
            window = words[i:i + len(letters)]
            name = run.group()[window[0].start():window[-1].end()]
            if _initials(name) == letters:
                return name
    return ""


def _initials(run: str) -> str:
    return "".join(w[0] for w in run.split() if w[0].isupper()).lower()


def same_name(name: str, word: str, similarity: float) -> bool:
    """Equal, a longer or shorter form (Kazakh/Kazakhstan, `LONGER_FORM`), a people and its country (Chinese/China),
    or a spelling slip (Cleverly/Cleverley)."""
    word = word.strip("’'-")
    if word.endswith(("’s", "'s")):
        word = word[:-2]
    if name == word:
        return True
    short, long = sorted((name, word), key=len)
    if len(short) >= 4 and long.startswith(short):  # a longer form is what it adds, not a slip (Mobile/Mobileye)
        return bool(LONGER_FORM.fullmatch(long[len(short):]))
    if _demonym_of(name, word) or _demonym_of(word, name):
        return True
    if min(len(name), len(word)) < 6:
        return False
    matcher = SequenceMatcher(None, name, word)  # the quick upper bounds first: most pairs fail them
    return matcher.real_quick_ratio() >= similarity and matcher.quick_ratio() >= similarity and matcher.ratio() >= similarity
