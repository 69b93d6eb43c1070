"""Escaping and highlighting of untrusted article text on the page."""

from assistant import Answer, AnswerSentence, Article, ArticleInfo, Citation, Sentence
from ui import render

EVIL = ArticleInfo("evil", '<script>alert("t")</script>', "<b>Pub</b>", "2024-01-02", "javascript:alert(1)")


def _answer(text='<img src=x onerror="alert(1)">'):
    sentence = Sentence("evil", 0, 0, len(text), text)
    article = Article(EVIL, text + "\nSecond <script>x()</script> paragraph.")
    return Answer("q?", [AnswerSentence(text, [1], verified=True)], [Citation(1, EVIL, sentence, "<i>Bob</i>")], [],
                  articles={"evil": article})


def test_article_html_is_escaped_everywhere():
    answer = _answer()
    page = render.answer_markdown(answer) + render.sources_html(answer)
    page += render.evidence_html([])
    assert "<script>" not in page and "<img" not in page and "<b>Pub" not in page and "<i>Bob" not in page
    assert "&lt;script&gt;" in page
    assert "javascript:" not in page  # only http(s) links are rendered


def test_cited_sentence_is_highlighted_at_its_offsets():
    text = "First sentence. The cited one. Last."
    sentence = Sentence("a", 1, 16, 30, "The cited one.")
    html = render.highlighted(text, sentence)
    assert html == "<p>First sentence. <mark class='cited'>The cited one.</mark> Last.</p>"


def test_unverified_sentences_are_marked_and_plain_text_lists_sources():
    answer = _answer("Plain claim.")
    answer.sentences.append(AnswerSentence("Shaky claim.", [], verified=False, reason="no support"))
    assert "(unverified)" in render.answer_markdown(answer)
    text = render.plain_text(answer)
    assert text.startswith("Plain claim. [1] Shaky claim.")
    assert "Sources:\n[1] " in text


def test_serving_beyond_loopback_needs_a_password(settings):
    import pytest

    from assistant import ConfigError
    from ui.app import serve

    with pytest.raises(ConfigError, match="NEWSDESK_UI_AUTH"):
        serve(settings, host="0.0.0.0")


def _side_by_side():
    from assistant import Conflict, Corroboration, Source

    answer = _answer("45 people died.")
    other = ArticleInfo("other", "<script>t()</script>", "<b>Other</b>", "2024-01-01", "")
    copy = ArticleInfo("copy", "Copy", "Wire <i>copy</i>", "", "")
    older = Sentence("other", 0, 0, 13, "30 <b>died</b>.")
    answer.articles["other"] = Article(other, older.text)
    answer.corroboration = [Corroboration(0, [Source(EVIL, answer.citations[0].sentence, copies=(copy,))])]
    answer.conflicts = [Conflict(0, "number", [Source(EVIL, answer.citations[0].sentence, "45"),
                                               Source(other, older, "30", superseded=True)])]
    answer.as_of = [EVIL, other]
    return answer


def test_sources_side_by_side_are_shown_escaped_and_linked_to_their_sentences():
    answer = _side_by_side()
    page = render.answer_markdown(answer) + render.sources_html(answer)
    assert "<script>" not in page and "<b>Other" not in page and "<i>copy" not in page and "<b>died" not in page
    assert "Sources differ: <a href=\"#source-1\"><b>45</b></a>" in page  # the cited value links to its citation
    assert 'href="#side-other-0"' in page and "id='side-other-0'" in page  # the other value, whole article beside
    assert "superseded" in page and "1 wire copy counted once" in page
    assert "as of 2 January 2024 (&lt;b&gt;Pub&lt;/b&gt;)" in page


def test_plain_text_lists_conflicts_corroboration_and_dates():
    text = render.plain_text(_side_by_side())
    assert "⚠ Sources differ: 45 (<b>Pub</b>, 2024-01-02) · 30 (<b>Other</b>, 2024-01-01, superseded)" in text
    assert "Stated in 1 article from 1 publisher (1 wire copy counted once)." in text
    assert "copied by copy" in text
    assert "As of 2 January 2024 (<b>Pub</b>); as of 1 January 2024 (<b>Other</b>)." in text


def test_names_from_article_text_are_escaped_in_the_links_and_the_panel():
    from assistant import Alias, Entity, Mention, Mentioned

    hostile = 'Evil <img src=x onerror=alert(1)> "Corp"'
    links = render.named_links([hostile])
    assert "<img" not in links and 'href="#entity-Evil%20%3Cimg' in links
    info = ArticleInfo("a1", "<script>alert(2)</script>", "Post", "2017-03-01")
    sentence = Sentence("a1", 0, 0, 20, "<b>bold</b> sentence")
    entry = render.entity_html(hostile, [Mentioned(info, sentence, Mention("a1", 0, 0, 4, hostile, "organisation", hostile))],
                        [Entity(hostile, "organisation", 1, 1, 1, "2017-03-01", "2017-03-01",
                                (Alias("<i>x</i>", "initials of <u>y</u>", 1),))])
    assert "<img" not in entry and "<script>" not in entry and "<b>bold" not in entry and "<i>x" not in entry
    assert "&lt;script&gt;" in entry and "1 article(s)" in entry
