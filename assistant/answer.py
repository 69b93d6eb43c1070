"""From evidence to a verified, cited `Answer`: gate → prompt → model (streamed) → verify.

- Gate: when the best evidence scores under `min_relevance`, and its paragraph does not name all
  that the question names, the model is not called; the answer is the refusal with the closest articles.
- Prompt: the evidence sentences and their neighbours as plain paragraphs under each article's
  title, publisher and date; sentences that address the model are withheld (`untrusted.py`).
- Verify: every answer sentence is aligned to the sentences the model saw and checked by the
  rules of `assistant/verify/`; sentences that fail are dropped (or marked).
- Responsive: a "when" answer needs a date, "how much" a number, "who" a name, beyond what the
  question states (`verify/relevance.py`).
- Recovery: when the model declines, answers another question, or writes nothing that verifies,
  while the evidence is strong, a narrower second attempt (`retry`, the default) shows it only the
  strongest evidence of the asked kind and asks for a JSON answer copied from it, verified like the
  first; or (`pick`) it picks the sentence that answers, shown quoted and labelled. Nothing found:
  the refusal.
- Fallbacks: when the model is unreachable, or nothing it wrote verifies (a second attempt neither)
  while the evidence is strong, the best evidence sentences are shown as a labelled, quoted answer.
- Sources: every answer is then set beside the other articles (`sources.py`): who else states
  its fact, who gives another value, and the dates of its evidence.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from assistant import prompts
from assistant.config import Settings
from assistant.errors import LLMError
from assistant.llm import ChatModel, Completion
from assistant.retrieve import Retriever
from assistant.sources import Sources
from assistant.terms import content_terms
from assistant.types import Answer, AnswerSentence, Article, Citation, Evidence, Filters, Retrieval, Sentence, StreamEvent
from assistant.untrusted import addresses_model, as_attribute, as_data
from assistant.verify import Candidate, Verifier
from assistant.verify.facts import INITIALS, spelled_out, stated_in
from assistant.verify.relevance import (
    LIST_SEPARATORS,
    Asked,
    answers,
    asked,
    complete,
    excluded,
    holds,
    question_subject,
    unnamed,
    without_exclusion,
)
from assistant.verify.rules import LINK_SENTENCES, claim_amounts
from assistant.verify.speakers import find_speaker
from assistant.verify.values import Value, dates

ArticleLookup = Callable[[str], tuple[Article, list[Sentence]]]

ACRONYM = re.compile(rf"(?i:the\s+)?({INITIALS})\.?")  # "The EU", as a model writes a name


@dataclass
class Turn:
    """One question on its way through: what was asked, how it was searched, what was found, the clock."""

    question: str
    query: str  # what was searched: the question, with the previous one for a follow-up
    filters: Filters | None
    history: list[tuple[str, str]]
    retrieval: Retrieval
    started: float
    timings: dict[str, float] = field(default_factory=dict)
    # (article id, sentence index) of sentences whose figure an attempt stitched to another subject
    # (rule `together`): quoting one would make the same claim. The sentence naming the subject may be quoted.
    stitched: set[tuple[str, int]] = field(default_factory=set)

    @property
    def evidence(self) -> list[Evidence]:
        return self.retrieval.evidence

    @property
    def said(self) -> str:
        """The turn a follow-up follows, question and answer: what an answer must go beyond, as the question."""
        return " ".join(self.history[-1]) if self.history else ""


class Answerer:
    def __init__(self, settings: Settings, retriever: Retriever, verifier: Verifier, sources: Sources,
                 model: Callable[[], ChatModel]):
        """`model` is called when the model is first needed, so a refused question never starts it."""
        self.settings = settings
        self.retriever = retriever
        self.verifier = verifier
        self.sources = sources
        self.model = model

    def answer(self, turn: Turn) -> Iterator[StreamEvent]:
        """Yield answer text as the model writes it, then the `Answer`."""
        for event in self._answer(turn):
            if event.answer is not None:
                started = time.perf_counter()
                self.sources.compare(event.answer, turn.filters)
                turn.timings["sources"] = time.perf_counter() - started
                event.answer.timings = turn.timings
                event.answer.timings["total"] = time.perf_counter() - turn.started
                event.answer.notice = " ".join(n for n in (event.answer.notice, turn.retrieval.notice) if n)
            yield event

    def _answer(self, turn: Turn) -> Iterator[StreamEvent]:
        evidence = turn.evidence
        if not evidence or (evidence[0].score < self.settings.retrieval.min_relevance and not self._names_match(turn)):
            yield StreamEvent("answer", answer=self._refusal(turn))
            return
        candidates, prompt = build_prompt(turn.question, evidence, self.retriever.article)
        completion = Completion()
        try:
            for piece in self.model().stream(chat_messages(prompt, turn.history), completion):
                turn.timings.setdefault("first_token", time.perf_counter() - turn.started)
                yield StreamEvent("token", token=piece)
        except LLMError as exc:
            notices = (prompts.QUOTES_MODEL_DOWN.format(reason=exc), prompts.MODEL_NOT_USED.format(reason=exc))
            yield StreamEvent("answer", answer=self._quotes_or_refusal(turn, *notices))
            return
        turn.timings["generate"] = time.perf_counter() - turn.started - turn.timings["retrieve"]
        turn.timings.update(completion.timings)  # the server's own split: prompt processing, token generation
        answer = self._verified(turn, completion, candidates)
        answer.usage = completion.usage  # the second attempt's tokens included
        yield StreamEvent("answer", answer=answer)

    def _verified(self, turn: Turn, completion: Completion, candidates: list[Candidate], retry: bool = True) -> Answer:
        """The model's text checked sentence by sentence; `retry`: a decline may earn a second attempt."""
        started = time.perf_counter()
        articles = {c.article.id: self.retriever.article(c.article.id)[0] for c in candidates}
        sentences, citations = self.verifier.attribute(completion.text.strip(), candidates,
                                                       {i: a.text for i, a in articles.items()}, turn.question,
                                                       turn.query)
        turn.timings["verify"] = turn.timings.get("verify", 0.0) + time.perf_counter() - started
        claims = [s for s in sentences if s.rule != "declined"]
        rejected = [s for s in claims if not s.verified]
        similarity = self.settings.verification.name_similarity
        for claim in (s for s in rejected if s.rule == "together"):
            figures = claim_amounts(claim.text, turn.question)
            turn.stitched |= {(c.article.id, c.sentence.index) for c in citations
                              if c.number in claim.citations and stated_in(figures, c.sentence.text, "", similarity).count}
        any_verified = any(s.verified for s in claims)
        declined = not self._answers(turn, claims, citations) and (not claims or any_verified)
        if declined or not any_verified:
            # declined, said nothing, stated true facts that answer another question, or a part of the answer;
            # or wrote only what the articles do not state: the narrower attempt may find what they do
            answer = ((self._retry(turn, completion.usage) if retry else None)
                      or (self._refusal(turn) if declined else self._quotes_or_refusal(turn, prompts.QUOTES_UNVERIFIED, "")))
            answer.rejected = rejected + answer.rejected
            return answer
        kept = [s for s in claims if s.verified or self.settings.verification.unverified == "mark"]
        answer = Answer(turn.question, kept, citations, turn.evidence, rejected=rejected)
        answer.renumber_citations()
        answer.articles = {c.article.id: articles[c.article.id] for c in answer.citations}
        return answer

    def _answers(self, turn: Turn, sentences: list[AnswerSentence], citations: list[Citation]) -> bool:
        """Whether the verified sentences answer the question: one holds the asked kind of fact (`_responsive`), and
        together they give all a list asks for (`complete`)."""
        what, similarity = asked(turn.question), self.settings.verification.name_similarity
        by_number = {c.number: c.sentence.text for c in citations}
        verified = [s for s in sentences if s.verified]
        return (any(_responsive(s, what, turn.question, by_number, similarity, turn.said) for s in verified)
                and complete(" ".join(s.text for s in verified), what, turn.question, similarity))

    def _retry(self, turn: Turn, usage: dict) -> Answer | None:
        """A second, narrower attempt after a decline: only the strongest evidence whose sentences answer
        (the asked kind, beyond what the question states: for "near which town", a place the question
        does not name, not its "Texas"), and as many sentences ranked after it, not shown the first
        time, that answer in a paragraph naming half the question's names; asked for a figure, without
        the neighbours whose figures do not answer (asked how many are held, "two men remain in
        custody", not "Seven of the 11 people arrested … have been released" before it, which the model
        copied) and with the answering sentences that follow it (`_with_answering_neighbours`); the
        answer asked for as JSON. Asked which partner apart from the UK, the retry is shown neither "apart
        from the UK" nor a sentence or title naming the UK: shown any of them, the 1.5B model answered "The
        UK" (`names_new` still rules it out). Its answer is verified like the first one. None when the model
        finds nothing again, no evidence answers, recovery is off or the evidence is weak.

        Measured on the bundled sets: the 1.5B coder model replies NOT_IN_ARTICLES to a reporter's
        paraphrase ("how big a sum…") however the prose prompt is worded, and fills in a JSON
        answer from the same excerpts.
        """
        verification, what = self.settings.verification, asked(turn.question)
        if verification.recovery == "off" or not turn.evidence or turn.evidence[0].score < verification.recovery_min_score:
            return None
        ruled_out = excluded(turn.question)

        def names_ruled_out(text: str) -> bool:
            return bool(stated_in(ruled_out, text, "", verification.name_similarity).count)

        def answering(sentence: Sentence) -> bool:
            return (not names_ruled_out(sentence.text)
                    and answers(sentence.text, what, turn.question, verification.name_similarity, turn.said))

        focused = [e for e in turn.evidence if any(answering(s) for s in e.context)][:verification.retry_evidence]
        focused += [e for e in turn.retrieval.reserve if answering(e.sentence)
                    and self._about(Candidate(e.article, e.sentence), turn.question, share=0.5)][:verification.retry_evidence]
        if not focused:
            return None
        if what.kind in ("number", "year"):  # a figure that does not answer is one the model may copy: not shown
            focused = [replace(e, context=tuple(s for s in e.context if answering(s) or not holds(s.text, Asked(what.kind)))
                               or (e.sentence,)) for e in focused]
            focused = [self._with_answering_neighbours(e, answering) for e in focused]
        focused = [replace(e, context=shown) for e in focused if (shown := tuple(s for s in e.context
                                                                                 if not names_ruled_out(s.text)))]
        candidates, prompt = build_prompt(without_exclusion(turn.question), focused, self.retriever.article,
                                          prompts.RETRY_PROMPT, names_ruled_out)
        completion = Completion()
        try:
            for _ in self.model().stream(chat_messages(prompt, turn.history), completion, max_tokens=80):
                pass
        except LLMError:
            return None
        for key, value in completion.usage.items():
            usage[key] = usage.get(key, 0) + value
        text = json_answer(completion.text)
        if text and not any(_copied(text, c.sentence.text) for c in candidates):
            text = as_written(text, [c.sentence.text for c in candidates])
        if not text:
            return None  # asked to copy the answer: words of its own are a claim the model did not find
        answer = self._verified(turn, Completion(text=text), candidates, retry=False)
        return None if answer.refused else answer

    def _with_answering_neighbours(self, item: Evidence, answering: Callable[[Sentence], bool]) -> Evidence:
        """The evidence with the sentences that follow it in its paragraph, up to `LINK_SENTENCES` on, that
        answer: asked when the German developer's project peaks, the retry is shown "…before it reaches peak
        production in 2032" two sentences after the best one, not only "After 2030, it will produce…" of the
        paragraph before. What follows carries on its story ("it"); a sentence before may open another (asked
        which film won the Golden Bear, "Another German highlight is 'Beuys'" before "His latest documentary
        is vying for the Golden Bear"). For figures only: after a film in the running, a story names the next
        one ("…the dark comedy 'Wild Mouse'…"), and the model took it for the winner."""
        article, sentences = self.retriever.article(item.article.id)
        at = item.sentence
        following = sentences[at.index + 1:at.index + 1 + LINK_SENTENCES]  # a sentence's index is its place
        added = tuple(s for s in following if s not in item.context and "\n" not in article.text[at.end:s.start]
                      and answering(s))
        return replace(item, context=tuple(sorted(item.context + added, key=lambda s: s.index))) if added else item

    def _names_match(self, turn: Turn) -> bool:
        """Whether the best evidence's paragraph names everything the question names: a long sentence scores
        low against a short question ("Which city did Cleverly fly into?") though it names its subject."""
        best = turn.evidence[0]
        return bool(question_subject(turn.question).count) and self._about(Candidate(best.article, best.sentence), turn.question)

    def _about(self, item: Candidate, question: str, share: float = 1.0) -> bool:
        """Whether the sentence's paragraph (or its article's title) names the question's names: every one,
        or at least `share` of them (a reporter's "Astana" may stand for the article's "Kazakhstan")."""
        paragraph = f"{item.article.title}\n{self.retriever.article(item.article.id)[0].paragraph(item.sentence)}"
        subject = question_subject(question)
        missing = unnamed(question, paragraph, self.settings.verification.name_similarity)
        return subject.count - missing.count >= share * subject.count

    def _refusal(self, turn: Turn, notice: str = "") -> Answer:
        """The refusal, with the articles its search found for the question, nearest first (within the filters)."""
        refusal = AnswerSentence(prompts.REFUSAL_TEXT, reason="states no fact: nothing to verify", rule="refusal")
        return Answer(turn.question, [refusal], [], turn.evidence,
                      refused=True, mode="refusal", notice=notice,
                      closest=turn.retrieval.articles[:self.settings.retrieval.closest_articles])

    def _quotes_or_refusal(self, turn: Turn, quotes_notice: str, refusal_notice: str) -> Answer:
        """Up to `quoted_sentences` of the strong evidence quoted as the answer, each one that, read as a claim,
        passes every verification rule and answers the question as a written answer must (`_answers`); otherwise
        the refusal. A quote stands where the model did not vouch for an answer, so it is held to the same rules,
        not fewer. A near-miss question (the figure for another year, or another project's) finds strong evidence
        too, but not the fact it asks for; nor is a sentence quoted whose figure an attempt stitched to another
        subject (asked what Temasek invested, a round told twelve sentences later)."""
        verification = self.settings.verification
        strong = [Candidate(e.article, e.sentence) for e in turn.evidence if e.score >= verification.strong_evidence
                  and (e.article.id, e.sentence.index) not in turn.stitched]
        sentences: list[AnswerSentence] = []
        citations: list[Citation] = []
        for offer in strong:
            article, stored = self.retriever.article(offer.article.id)
            cited = replace(offer, speaker=find_speaker(article.text, offer.sentence, stored))
            claims, cites = self.verifier.attribute(offer.sentence.text, [cited], {article.id: article.text},
                                                    turn.question, turn.query)
            if claims and all(c.verified for c in claims) and self._answers(turn, claims, cites):
                shift = len(citations)
                sentences += [replace(c, citations=[n + shift for n in c.citations]) for c in claims]
                citations += [replace(c, number=c.number + shift) for c in cites]
            if len(citations) >= verification.quoted_sentences:
                break
        if not sentences:
            return self._refusal(turn, refusal_notice)
        answer = Answer(turn.question, sentences, citations, turn.evidence, mode="quotes", notice=quotes_notice)
        answer.renumber_citations()
        answer.articles = {c.article.id: self.retriever.article(c.article.id)[0] for c in answer.citations}
        return answer


def _responsive(sentence: AnswerSentence, what: Asked, question: str, cited: dict[int, str],
                name_similarity: float, said: str = "") -> bool:
    """Whether a verified sentence holds the asked kind of fact. Counted things may be named otherwise
    ("people" for "officials"); "50 billion" is money when its cited sentence says "$50 billion", and
    "20" gigawatts when it says "20 GW", but gigawatts "of wind power" only when it or its cited
    sentence names wind ("a 20 gigawatt green hydrogen project" measures another thing); a
    "who" or "where" answer names someone or somewhere the question (or the turn it follows, `said`)
    does not, written as a name by its cited sentences (`relevance.answers`)."""
    source = " ".join(cited[n] for n in sentence.citations)
    if not answers(sentence.text, Asked(what.kind), question, name_similarity, said, source):
        return False
    stated = f"{sentence.text} {source}"
    return ((not (what.money or what.unit) or holds(stated, Asked(what.kind, money=what.money, unit=what.unit)))
            and (not what.measured or bool(what.measured & content_terms(stated))))


def _copied(answer: str, sentence: str) -> bool:
    """Whether the answer is words of the sentence as they stand (case, currency signs and punctuation between
    words aside: "50 billion" is copied from "$50 billion"), or a list of such words item by item: "nickel,
    cobalt, manganese, lithium" is copied from "for nickel, cobalt, manganese, and lithium"."""
    def words(text: str) -> str:
        return " ".join(re.findall(r"\w+(?:[.,/'’-]\w+)*", text.lower()))

    items, written = [words(item) for item in LIST_SEPARATORS.split(answer)], f" {words(sentence)} "
    return any(items) and all(f" {item} " in written for item in items if item)


def as_written(answer: str, sentences: list[str]) -> str:
    """The evidence's own words for a date or a name the model wrote in another form ("2017-02-06" is
    the "6 February" of "Cook resigned on 6 February", "The EU" the "European Union"); "" when no
    sentence states it. Asked to copy its answer, the model still writes dates and names its own way."""
    if acronym := ACRONYM.fullmatch(answer.strip()):
        return next((name for sentence in sentences if (name := spelled_out(acronym.group(1), sentence))), "")
    try:
        day = date.fromisoformat(answer.strip())
        wanted = [Value(answer, ("date", day.month, day.day, day.year))]
    except ValueError:
        wanted = dates(answer)
    for sentence in sentences:
        for value in dates(sentence):
            if any(value.agrees(w) for w in wanted):
                return value.text
    return ""


def json_answer(reply: str) -> str:
    """The answer of a `{"answer": …, "found": true}` reply; "" for "found": false or anything unreadable."""
    match = re.search(r"\{.*\}", reply, re.DOTALL)
    try:
        parsed = json.loads(match.group()) if match else {}
    except json.JSONDecodeError:
        return ""
    answer = parsed.get("answer") if isinstance(parsed, dict) and parsed.get("found") is True else None
    return answer.strip() if isinstance(answer, str) else ""


def chat_messages(prompt: str, history: list[tuple[str, str]]) -> list[dict]:
    """System rules first (identical on every call, so the server reuses their cache), the last exchange, the prompt."""
    messages = [{"role": "system", "content": prompts.SYSTEM_PROMPT}]
    for previous_question, previous_answer in history[-1:]:
        messages += [{"role": "user", "content": previous_question},
                     {"role": "assistant", "content": previous_answer}]
    return messages + [{"role": "user", "content": prompt}]


def build_prompt(question: str, evidence: list[Evidence], article: ArticleLookup, template: str = prompts.USER_PROMPT,
                 withheld: Callable[[str], bool] = lambda text: False) -> tuple[list[Candidate], str]:
    """The evidence sentences and their neighbours as plain paragraphs, grouped by article in text order;
    `withheld`: whether a title is not shown (the retry's naming what the question rules out).

    Returns the sentences the model is shown (what answers may cite) and the prompt. Plain prose,
    not numbered lines: the 1.5B model declined 11 of 36 answerable golden questions when shown
    numbered lines and asked for [n] markers, and none when shown prose. Attribution does not need
    its markers. Gaps between excerpts are marked with "…"; quoted paragraphs name their speaker.
    """
    by_article: dict[str, dict[int, Sentence]] = {}
    for item in evidence:
        for sentence in item.context:
            by_article.setdefault(item.article.id, {})[sentence.index] = sentence
    candidates: list[Candidate] = []
    blocks = []
    for article_id, shown in by_article.items():
        stored, sentences = article(article_id)
        paragraphs: list[str] = []
        previous = None
        for index in sorted(shown):
            sentence = shown[index]
            if addresses_model(stored.paragraph(sentence)):  # an instruction may run over several sentences
                previous = None
                continue
            speaker = find_speaker(stored.text, sentence, sentences)
            if previous and previous.index == index - 1:
                same_paragraph = "\n" not in stored.text[previous.end:sentence.start]
                paragraphs[-1] += (" " if same_paragraph else "\n") + _said(speaker, same_paragraph) + as_data(sentence.text)
            else:
                paragraphs.append(_said(speaker, False) + as_data(sentence.text))
            candidates.append(Candidate(stored.info, sentence, speaker))
            previous = sentence
        info = stored.info
        blocks.append(prompts.ARTICLE_BLOCK.format(
            title=_metadata("" if withheld(info.title) else info.title, "untitled"),
            publisher=_metadata(info.publisher, "unknown"), date=info.date or "unknown", text=prompts.GAP.join(paragraphs)))
    return candidates, template.format(articles="\n".join(blocks), question=as_data(question))


def _metadata(text: str, missing: str) -> str:
    """A title or publisher for the prompt; one that addresses the model is withheld like any article text."""
    return as_attribute(text) if text and not addresses_model(text) else missing


def _said(speaker: str, same_paragraph: bool) -> str:
    return prompts.SPEAKER_TAG.format(speaker=as_data(speaker)) if speaker and not same_paragraph else ""
