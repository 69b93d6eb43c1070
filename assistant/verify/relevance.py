"""Does an answer answer the question asked? What a question asks for, and whether a text holds it.

"when" wants a date ("what year" a year, "what day" a day), "how much / how many" a number
("how many jobs" a number of jobs, "how much … cost" an amount of money), "who" a name, "where /
which country" a place. A verified sentence of another kind is true but not responsive: asked
when production starts, the capacity is no answer. Names and places are told apart only by
capitals here (an answer's first word counts: "Germany." answers "where"); a named-entity model
would separate them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.entities.recognise import name_kinds
from assistant.terms import content_terms
from assistant.verify.facts import (
    CURRENCY,
    CURRENCY_SIGN,
    DATE_UNIT,
    DAY_OF_MONTH,
    INITIALS,
    MONTHS,
    NUMBER_WORD,
    NUMBER_WORDS,
    RELATIVE_DAYS,
    SCALE,
    WEEKDAYS,
    YEAR,
    Facts,
    acronyms,
    among,
    names,
    numbers,
    same_name,
    spelled_out,
    stated_in,
)
from assistant.verify.grammar import measured, opens_clause, subject_phrases
from assistant.verify.values import counts_another_thing, names_of

# Offices a "which" question may ask for ("which EU commissioner"), each with the forms an article writes
# it in: the answer's article must give the office, or the answer is someone else. Generic roles
# ("official", "leader", "politician") are left out: an article calls its minister neither.
TITLES = {
    "commissioner": r"commissioners?", "president": r"presidents?", "senator": r"senators?|sen\.", "minister": r"ministers?",
    "coach": r"coach(?:es)?", "governor": r"governors?|gov\.", "mayor": r"mayors?", "ambassador": r"ambassadors?",
    "chancellor": r"chancellors?", "judge": r"judges?", "prosecutor": r"prosecutors?", "envoy": r"envoys?",
    "chairman": r"chair(?:man|woman|person)?", "ceo": r"ceo|chief executive",
    "chief executive": r"ceo|chief executive", "spokesman": r"spokes(?:man|woman|person)",
}
# Units a question may ask a measure in ("in gigawatts", "how many tonnes"), by what they measure: an
# answer in tonnes does not say how many gigawatts. A unit after the question's own figure ("the
# 20 GW project") names the subject, not the asked measure.
MEASURES = {
    "power": r"[kmgt]w|(?:kilo|mega|giga|tera)?watts?",
    "energy": r"[kmgt]wh|(?:kilo|mega|giga|tera)watt[- ]hours?",
    "mass": r"tonnes?|tons?|kg|kilo(?:gram)?s?|grams?|lbs?",
    "length": r"km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|feet|foot|ft|cm|mm|inch(?:es)?",
    "area": r"hectares?|acres?|square \w+|sq \w+",
    "volume": r"litres?|liters?|gallons?|barrels?|bcm|cubic \w+",
    "temperature": r"degrees?",
}
SHORT_FORMS = {"mass": r"|t|mt"}  # "2m t/y": in an answer's figure only, never read from a question's words
WEIGHED = re.compile(r"\bweigh(?:s|ed)?\b|\bhow heavy\b", re.IGNORECASE)  # asks for a mass in whatever unit
_AMOUNT = rf"(?:\d[\d,.]*|\b(?:{NUMBER_WORD}))\s?(?:(?:{SCALE})\b)?\s?-?"
UNIT_WORD = {measure: re.compile(rf"\b(?:{units})\b", re.IGNORECASE) for measure, units in MEASURES.items()}
IN_UNIT = {measure: re.compile(rf"{_AMOUNT}(?:{units}{SHORT_FORMS.get(measure, '')})\b", re.IGNORECASE)
           for measure, units in MEASURES.items()}
# "which two partners", "name the three metals", "the names of the three relatives", "list all 19 materials":
# how many items the answer must give.
_FEW = "|".join(list(NUMBER_WORDS)[2:11])
ITEMS = re.compile(rf"\b(?:which|what|name|list|names\s+of)\s+(?:the\s+)?({_FEW}|[2-9])\b|\b(?:name|list)\s+all\s+"
                   rf"(?:the\s+)?({_FEW}|[2-9]|[1-9]\d)\b", re.IGNORECASE)

# "which company", and "which" up to two words from its noun: "near which Texas town … when …" asks for a place.
_WHICH = r"\b(?:what |which (?:[\w’'\-]+ ){0,2}?)"
# The first of these in a question decides its kind ("And when does it start?" → date); a "when" or "where"
# opening a clause asks nothing ("What did he say when he landed?").
ASKS = [
    ("year", r"\b(?:what|which) year\b"),
    ("day", r"\b(?:what|which) (?:date|day)\b"),
    ("date", r"\bwhen\b|\b(?:what|which) (?:month|time)\b|\bhow long ago\b"),
    ("number", r"\bhow (?:much|many|big|large|long|far|old|high|tall|fast)\b|\b(?:what|which) age\b|"
               r"\bwhat (?:(?:is|was|are|were|will be) "
               r"the )?(?:[a-z\-]+(?:['’]s)? ){0,2}(?:percentage|share|proportion|amount|number|capacity|size|sum|price|"
               r"cost|figure|value|total|population|toll|tally|count|score|margin|budget|salary|fine|rate)\b"),
    ("place", rf"\bwhere\b|{_WHICH}(?:country|countries|city|cities|towns?|villages?|region|state|province|place|nation)\b"),
    ("name", rf"\bwho(?:m|se)?\b|\bwhat (?:is|was|were|are) (?:[\w’'\-]+ ){{0,4}}names?\b|"
             rf"{_WHICH}(?:company|companies|firm|group|organi[sz]ation|team|club|party|person|people|man|woman|"
             r"officials?|leader|lawmakers?|players?|candidates?|bank|agency|partners?|outlets?|newspapers?|"
             rf"publications?)\b|{_WHICH}(?:" + "|".join(TITLES) + r")s?\b"),
]
COMPASS = frozenset("north south east west northern southern eastern western central north-east north-west south-east "
                    "south-west northeast northwest southeast southwest".split())
# "which town", "what city": a settlement, which the region around it does not name.
SETTLEMENT = re.compile(rf"{_WHICH}(?:towns?|cit(?:y|ies)|villages?)\b", re.IGNORECASE)
_REGIONS = r"(?:prefecture|province|county|state|region|oblast|governorate|district)"
REGION = re.compile(rf"\b[A-Z][\w’'\-]*(?:\s[A-Z][\w’'\-]*)*\s(?i:{_REGIONS})\b|\b(?i:{_REGIONS})\sof\s[A-Z][\w’'\-]*")
# "which EU commissioner", and "who is the chief executive of …": the office asked for
TITLE = re.compile(rf"(?:{_WHICH}|\bwho (?:is|was|are|were|will be|has been|became) (?:the |its |their )?"
                   rf"(?:[\w’'\-]+ ){{0,2}}?)(" + "|".join(TITLES) + r")s?\b", re.IGNORECASE)
# "Apart from the UK, which partner …", "which countries other than China and India …": the names ruled out.
_NAME = r"(?:the\s+)?[A-Z][\w’'.\-]*"
EXCLUDED = re.compile(rf"\b(?i:apart from|aside from|besides|other than|except(?: for)?|excluding|not counting)\s+"
                      rf"({_NAME}(?:(?:\s+|\s*,\s*|\s+(?:and|or|&|of)\s+){_NAME})*)\s*,?\s*")
LIST_SEPARATORS = re.compile(r",|;|\band\b|\bor\b|&")  # between the items of a list answer
# A contracted "is": a reporter's "What's the price tag …" and "Who's the chief executive …" are read as
# "what is the price …" and "who is the …".
CONTRACTED = re.compile(r"\b(what|which|who|where|when|how|that|it|there)['’]s\b", re.IGNORECASE)
# Not a yes / no question; a follow-up may open with a conjunction ("And what did she call the bill?").
WH = re.compile(r"^\W*(?:(?:and|but|so|then)\s+)?(?:what|which|who|whom|whose|where|when|how)\b", re.IGNORECASE)
ASK = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in ASKS), re.IGNORECASE)
# "how many rare earth mines does …": the counted thing ("mines"), which the answer must name too.
COUNTED = re.compile(r"\bhow many ((?:[a-z\-]+ ){0,4}?[a-z\-]+?)(?= (?:will|would|did|does|do|are|is|were|was|have|has|"
                     r"had|can|could|should|in|of|on|at|for|from|to)\b|[?,.]|$)", re.IGNORECASE)
# Nouns that name the measure itself, not a thing measured: "gigawatts of capacity" asks for power of anything.
MEASURE_NOUNS = frozenset(content_terms("capacity output production generation power energy electricity size "
                                        "volume weight length distance area"))
IRREGULAR_PLURALS = {"people", "children", "men", "women", "staff", "police", "personnel", "cattle", "sheep"}
# "How many people …" is answered by a count of any people a story names: "two men remain in custody".
PEOPLE = frozenset(content_terms(
    "people persons men women children adults boys girls residents victims refugees migrants suspects civilians "
    "passengers workers employees staff officers soldiers troops students patients survivors protesters fans"))
ANYONE = frozenset(content_terms("people persons"))  # a specific noun ("refugees") stays as asked
MONEY_WORDS = re.compile(r"\b(?:money|cost|costs|costing|spend|spent|pay|paid|invest|invested|investing|investment|worth|price|"
                         r"budget|fund|funding|raise|raised|sum|fine|fined|salary|revenue|profit|loss)\b", re.IGNORECASE)
MONEY = re.compile(rf"{CURRENCY_SIGN}|\b(?:{CURRENCY}|usd|eur|gbp)\b", re.IGNORECASE)
DAY = re.compile(rf"\b(?:{DAY_OF_MONTH}|{RELATIVE_DAYS})\b", re.IGNORECASE)
DATE_WORDS = re.compile(rf"\b(?:1[89]\d\d|20\d\d)s?\b|\b(?:{RELATIVE_DAYS}|tonight|ago|decade|century|week|weekend|month|"
                        rf"year|spring|summer|autumn|fall|winter|morning|evening|night|{'|'.join(MONTHS)})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Asked:
    """What a question asks for: a kind, and for counts the counted thing, for amounts whether money."""

    kind: str = ""  # year, day, date, number, place, name; "" when no one kind is asked
    counted: frozenset[str] = frozenset()  # stemmed words of the counted thing ("jobs")
    money: bool = False
    unit: str = ""  # what a measure is asked in (`MEASURES`): "power" for "in gigawatts"
    items: int = 0  # how many things are asked for: 2 for "which two partners"
    title: str = ""  # the office asked for (`TITLES`): "commissioner" for "which EU commissioner"
    measured: frozenset[str] = frozenset()  # what the unit measures, less `MEASURE_NOUNS`: "wind" of "gigawatts of wind power"
    several: bool = False  # a list is asked for: "which officials", "what were the names", "which two partners"


def asked(question: str) -> Asked:
    question = CONTRACTED.sub(r"\1 is", question)
    match = next((m for m in ASK.finditer(question)
                  if not (m.group().lower() in ("when", "where") and opens_clause(question, m.start()))), None)
    unit, unit_word = asked_unit(question)
    kind = match.lastgroup if match else "number" if unit else ""
    if kind in ("day", "date") and re.search(r"\band (?:the )?year\b", question, re.IGNORECASE):
        kind = "year"  # "in which month and year": October alone is half an answer
    counted = COUNTED.search(question) if kind == "number" else None
    items, title = ITEMS.search(question), TITLE.search(question)
    counted_words = frozenset(content_terms(_head(counted.group(1)))) if counted else frozenset()
    # "How many" counts things: a money word of another clause ("how many days did he spend") asks no money
    money = kind == "number" and not unit and bool(MONEY.search(counted.group(1)) if counted
                                                   else MONEY_WORDS.search(question))
    return Asked(kind, PEOPLE if counted_words and counted_words <= ANYONE else counted_words,
                 money, unit if kind == "number" else "",
                 int(NUMBER_WORDS.get((items.group(1) or items.group(2)).lower(), items.group(1) or items.group(2)))
                 if items else 0,
                 title.group(1).lower() if title and kind == "name" else "",
                 frozenset(content_terms(" ".join(measured(question, *unit_word.span()))) - MEASURE_NOUNS)
                 if unit_word and kind == "number" else frozenset(),
                 bool(items) or (kind in ("name", "place") and match.group().lower().endswith(("s", "people"))))


def asked_unit(question: str) -> tuple[str, re.Match | None]:
    """The measure a question asks a figure in, and the unit's word: "in gigawatts of capacity" asks for
    power; the unit of a figure the question gives ("the 20 GW project") does not."""
    for measure, unit in UNIT_WORD.items():
        asked_in = next((m for m in unit.finditer(question) if not re.search(rf"{_AMOUNT}$", question[:m.start()])), None)
        if asked_in:
            return measure, asked_in
    return ("mass", None) if WEIGHED.search(question) else ("", None)


def _head(words: str) -> str:
    """The counted noun of "rare earth metal mines" (mines) or "officials attended" (officials)."""
    split = words.split()
    return next((w for w in split if w.lower() in IRREGULAR_PLURALS or (len(w) > 3 and w.lower().endswith("s"))),
                split[-1])


def holds(text: str, what: Asked) -> bool:
    """Whether the text states what was asked (any text does, when no one kind is asked)."""
    if (pattern := {"year": YEAR, "day": DAY, "date": DATE_WORDS}.get(what.kind)) is not None:
        return bool(pattern.search(text))
    if what.kind == "number":
        return bool(amounts(text)) and (not what.money or bool(MONEY.search(text))) and (
            not what.counted or bool(what.counted & content_terms(text))) and (
            not what.unit or bool(IN_UNIT[what.unit].search(text)))
    if what.kind in ("name", "place"):
        return bool(names(text))  # "Germany." answers "where"; sentence-starting words like "The" are no names
    return True


def amounts(text: str) -> set[float]:
    """The numbers of a text beside its dates: the 18 of "on 18 March" is a day, no answer to "how old" or
    "how many"."""
    return numbers(DATE_UNIT.sub(" ", text))


def answers(text: str, what: Asked, question: str, name_similarity: float, said: str = "", source: str = "") -> bool:
    """Whether the text holds the asked kind of fact beyond what the question itself states: a name or
    place the question does not name, a figure (not a year) or a year it does not give, and for any
    other "what / which" question a word the question lacks. Asked how much Hyrasia One makes in
    2030, "early 2030" is no answer; asked which song she will sing, "Yulia Samoilova will perform
    for Russia at Eurovision 2017" is none; asked how many were rescued, a count of the dead is none.
    `said`: the turn a follow-up follows, whose names and figures are no answer either: asked where
    the skulls were found after a question on Veracruz's cartel graves, "Veracruz" is none.
    `source`: the text the answer is taken from, which must write its names as names: the model's
    "Senior village official" is no name where the article has "a senior village official"."""
    if not holds(text, what):
        return False
    stated = f"{said} {question}" if said else question
    if what.kind in ("name", "place"):
        return names_new(text, stated, name_similarity, names(source) if source else None)
    if what.kind in ("number", "year"):
        given = numbers(stated, capitalised=False)
        new = [n for n in (amounts(text) if what.kind == "number" else numbers(text)) if not among(n, given)]
        return any(is_year(n) == (what.kind == "year") for n in new) and not counts_another_thing(text, question)
    if WH.match(question):  # "which song …", "what substance …": the answer must add a word the question lacks
        return bool(content_terms(text) - content_terms(stated))
    return True


def complete(text: str, what: Asked, question: str, name_similarity: float) -> bool:
    """Whether the answer gives as many things as the question asks for ("which two partners"): items of
    a list, each naming something the question does not ("Kazakhstan and the UK" gives one partner of
    Kazakhstan, not two)."""
    if what.items < 2:
        return True
    parts = LIST_SEPARATORS.split(text)
    if what.kind in ("name", "place"):
        return sum(names_new(part, question, name_similarity) for part in parts) >= what.items
    return sum(bool(content_terms(part) - content_terms(question)) for part in parts) >= what.items


def gives_title(what: Asked, article_text: str) -> bool:
    """Whether the article gives the office the question asks for: asked which EU commissioner attended,
    an article that names no commissioner answers with someone else."""
    return not what.title or bool(re.search(rf"\b(?:{TITLES[what.title]})(?!\w)", article_text, re.IGNORECASE))


def is_year(value: float) -> bool:
    return value == int(value) and 1800 <= value <= 2099


def names_new(text: str, question: str, similarity: float, written: set[str] | None = None) -> bool:
    """Whether the text names someone or something the question does not: asked where in Kazakhstan,
    "Kazakhstan" is no answer; asked which partner apart from the UK, "the UK" is none; asked who
    killed Evdokimov, "Yevdokimov" (another spelling, `same_name`) is none, nor is a name given by its
    initials ("United Kingdom" for the UK, or the reverse); a weekday is no one, and
    "West Texas" names no place but Texas.
    Asked which town or city, a region ("Tochigi prefecture") is no answer. `written`: the names the
    answer's source writes, when only those count."""
    if SETTLEMENT.search(question):
        text = REGION.sub(" ", text)
    for acronym in re.findall(rf"\b{INITIALS}\b", question):  # asked apart from the UK, "United Kingdom" is none
        if name := spelled_out(acronym, text):
            text = text.replace(name, " ")
    known = question_names(question) | acronyms(question)  # both lower-cased by `names`
    found = names(text) - WEEKDAYS - COMPASS
    if written is not None:
        found = {name for name in found if any(same_name(name, w, similarity) for w in written)}
    return any(not any(same_name(name, k, similarity) for k in known) for name in found)


def question_names(question: str) -> set[str]:
    """The proper names a question is about (its first word only when it is a name)."""
    return names(question[:1].lower() + question[1:])


def excluded(question: str) -> Facts:
    """The names a question rules out as its answer: "Apart from the UK, which partner …" rules out the UK."""
    return Facts(names=frozenset(name for m in EXCLUDED.finditer(question) for name in names(m.group(1))))


def without_exclusion(question: str) -> str:
    """The question without what it rules out ("Which partner …" for "Apart from the UK, which partner …"):
    shown the exclusion, the 1.5B model answers with the name it excludes; `names_new` still rules it out."""
    rest = EXCLUDED.sub("", question).strip()
    return rest[:1].upper() + rest[1:]


def question_actor(question: str) -> Facts:
    """The names of the question's grammatical subjects (`grammar.subject_phrases`): "Germany" of "In which month
    did Germany's foreign minister travel to Kazakhstan?". Whom the question is about, beside where."""
    return Facts(names=frozenset(n for phrase in subject_phrases(question) for n in names(phrase))) & question_subject(
        question)


def question_subject(question: str) -> Facts:
    """The question's names as facts to look for in a text (what the question is about)."""
    return Facts(names=frozenset(question_names(question)))


def unnamed(question: str, text: str, similarity: float) -> Facts:
    """The question's names a text does not write as names. After its first mention a story names "Khalid
    Masood" "Masood": a person's given names (spaCy's recogniser tells a person) count as stated where the
    text states their surname. Not a company's: "Baidu Inc" does not name Mobile Technologies Inc."""
    subject = question_subject(question)
    missing = subject - stated_in(subject, text, "", similarity, as_names=True)
    for run in names_of(question, frozenset()):
        *given, last = run.key[1:]
        if given and last in subject.names - missing.names and any(
                set(run.key[1:]) <= words for words, kind in name_kinds(question) if kind == "person"):
            missing = missing - Facts(names=frozenset(given))
    return missing
