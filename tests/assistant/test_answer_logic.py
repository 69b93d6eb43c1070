"""The answer path's logic with a scripted model: declines, fallbacks, renumbering, the prompt.

Real store and embedder (the seed index), fake model: these run in seconds.
"""

import pytest

from assistant import REFUSAL_TEXT, Evidence, LLMError, Newsdesk
from assistant.answer import _copied, as_written, build_prompt, chat_messages
from assistant.prompts import GAP, SYSTEM_PROMPT
from tests.conftest import EU_MEETING, SVEVIND
from tests.fakes import FakeLLM
from ui.render import plain_text

INVEST = "How much does Svevind plan to invest in Kazakhstan?"


@pytest.fixture
def scripted(desk):
    """A desk on the seed index whose model says what the test scripts."""
    opened = []

    def make(*replies, **settings):
        fake = FakeLLM(*replies)
        other = Newsdesk(desk.settings.with_(**settings), llm=fake)
        opened.append(other)
        return other, fake

    yield make
    for other in opened:
        other.close()


@pytest.mark.parametrize("reply", ["NOT_IN_ARTICLES", "The articles do not mention the amount.",
                                   "NOT_IN_ARTICLES.", ""])
def test_a_model_that_declines_gives_the_refusal_with_the_closest_articles(scripted, reply):
    other, _ = scripted(reply, recovery="off")
    answer = other.ask(INVEST)
    assert answer.refused and answer.text == REFUSAL_TEXT and answer.closest
    assert not answer.sentences[0].verified and answer.sentences[0].rule == "refusal"  # marked by no one outside the verifier
    assert "unverified" not in plain_text(answer)  # and not shown as a failed claim either


def test_a_refusal_lists_the_articles_its_own_search_found_without_searching_again(scripted, monkeypatch):
    other, _ = scripted("NOT_IN_ARTICLES", recovery="off")
    store, searches = other._retriever.store, []
    search = store.keyword_search
    monkeypatch.setattr(store, "keyword_search", lambda *args: searches.append(args) or search(*args))
    answer = other.ask(INVEST)
    assert answer.refused and answer.closest[0].id == SVEVIND and len(searches) == 1


def test_a_decline_beside_a_verified_claim_keeps_the_claim(scripted):
    other, _ = scripted("Svevind plans to invest $50 billion in Kazakhstan. The articles do not mention a start date.")
    answer = other.ask(INVEST)
    assert [s.text for s in answer.sentences] == ["Svevind plans to invest $50 billion in Kazakhstan."]
    assert answer.rejected == []  # a decline is not a rejected claim


def test_an_answer_that_fails_verification_is_tried_again_on_the_evidence_of_the_asked_kind(scripted):
    """A figure the articles do not state ("$20 billion") earns the narrower second attempt, whose answer
    is copied from the evidence and verified like the first."""
    other, fake = scripted("Svevind plans to invest $20 billion in Kazakhstan.", '{"answer": "$50 billion", "found": true}')
    answer = other.ask(INVEST)
    assert len(fake.calls) == 2 and answer.mode == "llm" and not answer.refused
    assert "$50 billion" in answer.text and answer.citations[0].article.id == SVEVIND
    assert [r.rule for r in answer.rejected] == ["facts"]


def test_an_answer_that_fails_verification_twice_on_strong_evidence_falls_back_to_quotes(scripted):
    other, _ = scripted("Svevind plans to invest $20 billion in Kazakhstan.", '{"found": false}')
    answer = other.ask(INVEST)
    assert answer.mode == "quotes" and "could not be verified" in answer.notice
    assert answer.rejected[0].rule == "facts"
    assert "$50 billion" in answer.text and answer.citations[0].article.id == SVEVIND
    assert SVEVIND in answer.articles


def test_quotes_stand_in_only_when_they_hold_the_asked_kind_of_fact(scripted):
    """A near miss: the evidence about Cleverly's visit is strong, but no sentence of it gives a year."""
    other, _ = scripted("Cleverly arrived in Astana in 2019.", '{"found": false}')
    answer = other.ask("In what year did Cleverly arrive in Astana?")
    assert answer.refused and answer.rejected and answer.rejected[0].rule == "facts"


def test_quotes_stand_in_only_for_the_whole_of_a_list_asked_for(scripted):
    """A quote is held to what a written answer must give: asked for four materials, a strong sentence naming
    three is no answer, quoted or written."""
    other, _ = scripted("Kazakhstan sold the EU $9 billion of gold.", recovery="off")
    question = "Which four raw materials do Kazakh manufacturers already supply to the EU?"
    assert other.evidence(question).evidence[0].score >= other.settings.verification.strong_evidence
    assert other.ask(question).refused
    other, _ = scripted("Kazakhstan sold the EU $9 billion of gold.", recovery="off")
    answer = other.ask(question.replace("four", "three"))
    assert answer.mode == "quotes" and "beryllium, tantalum, and titanium" in answer.text
    assert all(s.verified and s.rule == "" for s in answer.sentences)


def test_quotes_stand_in_for_what_someone_said_only_with_their_words(scripted):
    """Asked what he said, the strong sentence on the memorandums (Kallanish's, no one's words) is no answer."""
    other, _ = scripted("He said tourism and banking were of interest.", '{"found": false}')
    answer = other.ask("What sectors did he say were of interest?",
                       history=[("Who did the British foreign secretary meet in Astana?", "Alikhan Smailov.")])
    assert answer.mode != "quotes" or all("Smailov" in c.speaker or "Smailov" in c.sentence.text for c in answer.citations)
    assert "Kallanish notes" not in answer.text


def test_a_model_error_falls_back_to_quotes_and_says_why(scripted):
    other, _ = scripted(LLMError("connection refused"))
    answer = other.ask(INVEST)
    assert answer.mode == "quotes" and "unavailable (connection refused)" in answer.notice


def test_mark_mode_keeps_unverified_sentences_marked(scripted):
    other, _ = scripted("Svevind plans to invest $50 billion in Kazakhstan. It will employ 9,000 people.",
                        unverified="mark")
    answer = other.ask(INVEST)
    assert [s.verified for s in answer.sentences] == [True, False]
    assert "9,000" in answer.sentences[1].reason


def test_citations_are_renumbered_from_one_in_answer_order_and_carry_their_articles(scripted):
    other, _ = scripted("Kazakh manufacturers supply the EU with beryllium, tantalum and titanium. "
                        "Svevind plans to invest $50 billion in Kazakhstan.")
    answer = other.ask("Which metals does Kazakhstan supply to the EU, and what does Svevind invest?")
    assert [s.citations for s in answer.sentences] == [[1], [2]]
    assert [c.number for c in answer.citations] == [1, 2]
    assert [c.article.id for c in answer.citations] == [EU_MEETING, SVEVIND]
    for c in answer.citations:
        assert answer.articles[c.article.id].text[c.sentence.start:c.sentence.end] == c.sentence.text


def test_the_model_is_not_called_when_evidence_is_weak(scripted):
    other, fake = scripted()
    answer = other.ask("Who won the football World Cup in 2022?")
    assert answer.refused and fake.calls == []


def test_a_question_naming_what_the_evidence_names_reaches_the_model_however_low_it_scores(scripted):
    """A long sentence scores low against a short question, yet it names the question's subject."""
    other, fake = scripted("Astana")
    question = "Which city did Cleverly fly into?"
    evidence = other.evidence(question).evidence
    assert evidence and evidence[0].score < other.settings.retrieval.min_relevance
    answer = other.ask(question)
    assert len(fake.calls) == 1 and not answer.refused and "Astana" in answer.text


def test_prompt_groups_evidence_by_article_and_names_speakers(desk):
    """Withheld instructions: tests/test_injection.py."""
    evidence = desk.evidence("What did Cleverly say about rare earth metals and Svevind's investment?").evidence
    article_of = {i: (desk.article(i), _sentences(desk, i)) for i in (SVEVIND, EU_MEETING)}
    candidates, prompt = build_prompt("Who said it?", evidence, lambda i: article_of[i])
    assert prompt.count("<article ") == len({e.article.id for e in evidence})
    assert "(Cleverley speaking)" in prompt
    assert all(c.sentence.text in prompt for c in candidates)


def test_prompt_marks_gaps_and_keeps_question_and_articles_inert(desk):
    article, sentences = desk.article(SVEVIND), _sentences(desk, SVEVIND)
    evidence = [Evidence(article.info, sentences[i], 1.0, (sentences[i],)) for i in (13, 0)]
    candidates, prompt = build_prompt("<b>When</b>?", evidence, lambda i: (article, sentences))
    assert "<b>" not in prompt and "‹b›When‹/b›" in prompt
    assert [c.sentence.index for c in candidates] == [0, 13]  # article order, not score order
    assert prompt.index(sentences[0].text) < prompt.index(GAP) < prompt.index("Svevind")


def test_chat_messages_put_the_fixed_rules_first_and_only_the_last_exchange():
    messages = chat_messages("PROMPT", [("q1", "a1"), ("q2", "a2")])
    assert messages[0] == {"role": "system", "content": SYSTEM_PROMPT}
    assert [m["content"] for m in messages[1:]] == ["q2", "a2", "PROMPT"]


def _sentences(desk, article_id):
    from assistant.ingest.split import split_sentences

    return split_sentences(article_id, desk.article(article_id).text)


def test_a_true_answer_to_another_question_is_not_taken_for_an_answer(scripted):
    """Asked when production starts, the capacity is no answer: the retry, shown the dated sentences, gives the date."""
    other, fake = scripted("The Hyrasia One project aims to produce 2m t/y of green hydrogen at full capacity.",
                           '{"answer": "early 2030", "found": true}')
    answer = other.ask("When does Hyrasia One start producing hydrogen?")
    assert len(fake.calls) == 2 and not answer.refused and answer.text.startswith("early 2030")
    assert "2m t/y" not in answer.text


def test_without_recovery_an_answer_of_the_wrong_kind_is_the_refusal(scripted):
    other, _ = scripted("The Hyrasia One project aims to produce 2m t/y of green hydrogen at full capacity.",
                        recovery="off")
    assert other.ask("When does Hyrasia One start producing hydrogen?").refused


def test_asked_who_holds_an_office_an_article_naming_no_such_office_is_no_answer(scripted):
    """A near miss: the articles name Svevind but no chief executive; 'Svevind Energy Group' is a true
    name from the cited sentence, and still no answer to who runs it."""
    other, _ = scripted("Svevind Energy Group", '{"answer": "Svevind Energy Group", "found": true}')
    assert other.ask("Who is the chief executive of Svevind?").refused


def test_recovery_can_be_switched_off(scripted):
    other, fake = scripted("NOT_IN_ARTICLES", recovery="off")
    assert other.ask(INVEST).refused and len(fake.calls) == 1


def test_a_decline_is_retried_as_json_on_the_strongest_evidence_and_the_answer_is_verified(scripted):
    other, fake = scripted("NOT_IN_ARTICLES", '{"answer": "$50 billion", "found": true}', recovery="retry")
    answer = other.ask(INVEST)
    assert not answer.refused and answer.text.startswith("$50 billion")
    assert answer.citations[0].article.id == SVEVIND and "$50 billion" in answer.citations[0].sentence.text
    retry = fake.calls[1][-1]["content"]
    assert "Reply with JSON only" in retry and retry.count("<article ") <= 2 and "$50 billion" in retry
    assert fake.calls[1][0]["content"] == SYSTEM_PROMPT  # the same cached rules


def test_a_decline_is_retried_when_a_reporter_s_wording_scores_the_evidence_low(scripted):
    """A paraphrase far from the article's words ("churn out", "full tilt") ranks the right paragraph
    below 0.5; the retry is verified like any answer, so it may run wherever the evidence is relevant."""
    other, fake = scripted("NOT_IN_ARTICLES", '{"answer": "2m t/y", "found": true}')
    question = "In tonnes, what will the Svevind venture churn out annually when it is going full tilt?"
    assert other.evidence(question).evidence[0].score < 0.5
    answer = other.ask(question)
    assert len(fake.calls) == 2 and not answer.refused and answer.text.startswith("2m t/y")
    assert "2m t/y" in answer.citations[0].sentence.text


def test_a_retry_may_draw_on_sentences_ranked_after_the_evidence(scripted):
    """Shown one sentence, on Hyrasia One's capacity, the model declines; the retry adds the reserve's
    sentence that gives a date in a paragraph naming the project."""
    other, fake = scripted("NOT_IN_ARTICLES", '{"answer": "early 2030", "found": true}', recovery="retry",
                           evidence_sentences=1, neighbours=0)
    answer = other.ask("When is first production of the Hyrasia One project slated?")
    assert "2030" not in fake.calls[0][-1]["content"] and "slated for early 2030" in fake.calls[1][-1]["content"]
    assert not answer.refused and answer.text.startswith("early 2030") and "2030" in answer.citations[0].sentence.text


def test_a_retry_writing_a_date_its_own_way_answers_in_the_evidence_s_words(scripted):
    """The model copies "March 5th" as "2024-03-05"; the answer is the evidence's "March 5th", verified."""
    other, _ = scripted("NOT_IN_ARTICLES", '{"answer": "2024-03-05", "found": true}', recovery="retry")
    answer = other.ask("On what date did the Kazakh Embassy in Belgium host EU officials?")
    assert not answer.refused and answer.text.startswith("March 5th") and answer.citations[0].article.id == EU_MEETING


@pytest.mark.parametrize("answer, written", [
    ("2017-02-06", "6 February"), ("February 6", "6 February"), ("2017-02-07", ""), ("7 February", ""),
    ("59", ""), ("Adrian", ""),
])
def test_a_date_written_another_way_is_found_as_the_sentence_writes_it(answer, written):
    assert as_written(answer, ["Cook resigned on 6 February after a record 59 Tests at the helm."]) == written


def test_a_retry_is_shown_the_sentences_of_the_best_paragraph_that_answer(scripted):
    """Ranked first, "In 2022, Germany-based … Svevind …" is shown with its neighbours; two sentences on, in
    its paragraph, "…before it reaches peak production in 2032" is shown to the retry too."""
    def model(messages):
        shown = "2032" in messages[-1]["content"]
        return '{"answer": "2032", "found": true}' if shown and "JSON" in messages[-1]["content"] else "NOT_IN_ARTICLES"

    other, fake = scripted(model, model, evidence_sentences=1)
    answer = other.ask("By what year should the German developer's Kazakh project hit maximum output?")
    assert "2032" not in fake.calls[0][-1]["content"]
    assert not answer.refused and answer.text.startswith("2032") and "2032" in answer.citations[0].sentence.text


@pytest.mark.parametrize("answer, written", [("The EU", "European Union"), ("EU", "European Union"), ("the UK", ""),
                                               ("the deal", "")])
def test_a_name_written_as_its_initials_is_found_as_the_sentence_writes_it(answer, written):
    assert as_written(answer, ["In November 2022, Kazakhstan and the European Union inked a deal."]) == written


def test_a_retry_is_not_shown_what_the_question_rules_out(scripted):
    """Asked which partner apart from the UK, the 1.5B model answered "The UK" while shown the UK story's
    title, its sentences naming the UK, or the "apart from the UK" itself; the retry is shown none of them."""
    def model(messages):
        shown = messages[-1]["content"]
        if "JSON" not in shown:
            return "The UK has a hydrogen memorandum with Kazakhstan."
        return '{"answer": "The UK", "found": true}' if "UK" in shown else '{"answer": "The EU", "found": true}'

    other, fake = scripted(model, model)
    answer = other.ask("Apart from the UK, which partner has a hydrogen memorandum with Kazakhstan?")
    assert "United Kingdom" not in fake.calls[1][-1]["content"]
    assert not answer.refused and answer.text.startswith("European Union")


@pytest.mark.parametrize("reply", ['{"found": false}', '{"answer": "$20 billion", "found": true}', "Sorry.",
                                   '{"answer": "$50 billion", "found": false}'])
def test_a_retry_that_finds_nothing_or_states_what_the_evidence_does_not_is_the_refusal(scripted, reply):
    other, _ = scripted("NOT_IN_ARTICLES", reply, recovery="retry")
    answer = other.ask(INVEST)
    assert answer.refused and answer.text == REFUSAL_TEXT


def test_a_retry_answering_another_kind_of_question_is_the_refusal(scripted):
    other, _ = scripted("NOT_IN_ARTICLES", '{"answer": "2m t/y of green hydrogen", "found": true}', recovery="retry")
    assert other.ask("When does Hyrasia One start producing hydrogen?").refused


def test_a_money_answer_may_leave_the_currency_to_its_cited_sentence(scripted):
    other, _ = scripted("50 billion")
    answer = other.ask("What sum is the German renewables developer putting into Kazakh hydrogen?")
    assert not answer.refused and answer.text.startswith("50 billion")


def test_quotes_stand_in_only_for_the_project_and_year_the_question_names(scripted):
    """Asked Hyrasia One's output in 2030: the Caspian project's "after 2030" figure is strong evidence
    with the year and a figure, but about another project; the model's stitched answer fails, and so does
    the second attempt's copied figure."""
    other, _ = scripted("Hyrasia One will produce 2 million tonnes/year of green hydrogen in 2030, its first year.",
                        '{"answer": "2 million tonnes", "found": true}')
    answer = other.ask("How much hydrogen will Hyrasia One produce in 2030, its first year?")
    assert answer.refused and answer.rejected[0].rule in ("figures", "together")


CRASH = ("Storm chasers killed in Texas crash\n\n"
         "Three storm chasers died in a car crash in Texas on Tuesday, officials said. It had been a day of storms "
         "across Texas. A sport utility vehicle ran a stop sign on a rural road and struck a jeep. The wreck happened "
         "about five miles west of Spur, the state's public safety department said. All three people who died in the "
         "collision were storm chasers, police said. There could be more storms in Texas this week, forecasters warned.\n")


def test_a_retry_is_shown_the_evidence_whose_sentences_answer(tmp_path, settings):
    """Asked near which Texas town, the strongest sentences name only Texas; the town stands beside a
    weaker one, and the second attempt is shown that one."""
    (tmp_path / "crash.txt").write_text(CRASH)
    fake = FakeLLM("NOT_IN_ARTICLES",
                   lambda messages: '{"answer": "Spur", "found": true}' if "Spur" in messages[-1]["content"]
                   else '{"found": false}')
    narrow = settings.with_(data_dir=tmp_path / "data", evidence_sentences=3, retry_evidence=1)
    with Newsdesk(narrow, llm=fake) as other:
        other.ingest([tmp_path / "crash.txt"], progress=False)
        answer = other.ask("Near which Texas town did three storm chasers die when two vehicles collided on a rural road?")
    assert len(fake.calls) == 2 and not answer.refused and "Spur" in answer.text


CUSTODY = ("---\ntitle: Two men still questioned after bridge attack\n---\n"
           "Seven of the 11 people arrested since the bridge attack have been released with no further action, police "
           "said. Police said two men remain in custody, while two women have been released on bail until late March.\n")


def test_a_retry_for_a_figure_is_not_shown_the_figures_that_do_not_answer(tmp_path, settings):
    """Asked how many are still held, the model first counts the released; the second attempt is not
    shown "Seven of the 11 people arrested … released" again, only "two men remain in custody"."""
    (tmp_path / "custody.txt").write_text(CUSTODY)
    fake = FakeLLM("Seven people have been released.",
                   lambda messages: '{"answer": "Seven", "found": true}' if "Seven" in messages[-1]["content"]
                   else '{"answer": "two men remain in custody", "found": true}')
    with Newsdesk(settings.with_(data_dir=tmp_path / "data"), llm=fake) as other:
        other.ingest([tmp_path / "custody.txt"], progress=False)
        answer = other.ask("How many people are still being held by police over the bridge attack?")
    assert len(fake.calls) == 2 and "remain in custody" in fake.calls[1][-1]["content"]
    assert not answer.refused and answer.text.startswith("two men remain in custody")


ATTACKER = ("---\ntitle: Mother of attacker speaks\n---\n"
            "The mother of Westminster attacker Khalid Masood said she was shocked and saddened by his actions.\n\n"
            "Masood was born with the birth name Adrian Russell Ajao, according to police. He later converted to Islam.\n\n"
            "Crowds gathered on Westminster Bridge on Wednesday to remember the victims.\n")


def test_quotes_may_stand_in_where_a_paragraph_names_the_person_by_surname(tmp_path, settings):
    """After "Khalid Masood" a story writes "Masood": the paragraph giving his birth name is about him."""
    (tmp_path / "attacker.txt").write_text(ATTACKER)
    fake = FakeLLM("He was born Khalid Abdul Rahman.", '{"found": false}')
    with Newsdesk(settings.with_(data_dir=tmp_path / "data"), llm=fake) as other:
        other.ingest([tmp_path / "attacker.txt"], progress=False)
        answer = other.ask("What was Westminster attacker Khalid Masood's birth name?")
    assert answer.mode == "quotes" and "Adrian Russell Ajao" in answer.text


MOBIKE = ("---\ntitle: Mobike pumped up by Temasek\n---\n"
          "Bicycle-sharing startup Mobike said on Monday it has received a strategic investment from Temasek. "
          "Mobike runs orange bicycles in dozens of Chinese cities. Riders unlock them with a phone app. "
          "The company plans to expand abroad this year. Its rival Ofo runs yellow bicycles. "
          "In January, Mobike raised $215 million from investors, including Tencent Holdings.\n")


def test_a_figure_stitched_to_another_subject_is_not_quoted_as_the_answer(tmp_path, settings):
    """Asked what Temasek invested, the $215 million round is another's: quoting it would say the same.
    (Evidence counts as strong from 0.5 here: the written article is short.)"""
    (tmp_path / "mobike.txt").write_text(MOBIKE)
    fake = FakeLLM("Temasek invested $215 million in Mobike.", '{"found": false}')
    with Newsdesk(settings.with_(data_dir=tmp_path / "data", strong_evidence=0.5), llm=fake) as other:
        other.ingest([tmp_path / "mobike.txt"], progress=False)
        answer = other.ask("How much money did Temasek put into Mobike?")
    assert [r.rule for r in answer.rejected] == ["together"]
    assert answer.refused and "215" not in answer.text


def test_a_figure_in_the_asked_unit_of_another_thing_does_not_answer(scripted):
    """Asked the gigawatts of wind power a scheme needs, "a 20 gigawatt green hydrogen project" gives the
    unit, but measures the project, not wind power."""
    other, _ = scripted("Svevind plans to invest $50 billion into a 20 gigawatt green hydrogen project in Kazakhstan.",
                        '{"answer": "20 gigawatts", "found": true}')
    assert other.ask("How many gigawatts of wind power will Svevind's scheme need?").refused
    other, _ = scripted("Svevind plans to invest $50 billion into a 20 gigawatt green hydrogen project in Kazakhstan.")
    assert not other.ask("How many gigawatts of green hydrogen capacity is Svevind planning in Kazakhstan?").refused


@pytest.mark.parametrize("answer, copied", [
    ("nickel, cobalt, manganese, lithium", True),  # the sentence's "and" left out
    ("nickel and lithium", True),
    ("nickel, gold", False),  # an item of its own
    ("lithium and nickel ore", False),
])
def test_a_list_answer_is_copied_item_by_item(answer, copied):
    sentence = "Miners plan processing plants for nickel, cobalt, manganese, and lithium in the region."
    assert _copied(answer, sentence) is copied
