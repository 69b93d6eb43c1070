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
