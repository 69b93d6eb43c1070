"""The real chat page in headless Chromium, against the real index and the embedded model."""

import pytest

from assistant import free_port
from tests.conftest import EU_MEETING, SVEVIND

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page_url(desk):
    from ui.app import launch

    port = free_port()
    app = launch(desk, port=port, block=False)
    yield f"http://127.0.0.1:{port}/"
    app.close()


@pytest.fixture
def page(page_url):
    from playwright.sync_api import sync_playwright

    from ui.browser import launch_chromium

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page()
        page.on("dialog", lambda d: (_ for _ in ()).throw(AssertionError(f"article script ran: {d.message}")))
        page.goto(page_url, wait_until="load")
        yield page
        browser.close()


def _ask(page, question):
    page.locator("#question textarea").fill(question)
    page.locator("#question textarea").press("Enter")


@pytest.mark.llm
def test_question_shows_evidence_then_a_cited_answer_with_the_sentence_highlighted(page):
    _ask(page, "How much does Svevind plan to invest in Kazakhstan?")
    page.locator("#sources .evidence").wait_for(timeout=30_000)
    source = page.locator("#source-1")
    source.wait_for(timeout=120_000)
    bubble = page.locator("#chat .message").last
    assert "50 billion" in bubble.inner_text()
    mark = source.locator("mark.cited")
    assert not mark.is_visible()  # the article is folded until its citation is clicked
    page.locator("#chat a[href='#source-1']", has_text="[1]").last.click()
    assert "invest $50 billion" in mark.inner_text() and mark.is_visible()
    assert "active" in source.get_attribute("class")
    assert "Sources:" in page.locator("#copy textarea").input_value()


@pytest.mark.llm
def test_uploaded_article_is_answerable_and_its_html_never_runs(page, tmp_path):
    upload = tmp_path / "harbour.txt"
    upload.write_text("---\ntitle: <img src=x onerror=alert(1)> Harbour news\n---\n"
                      "The Port of Valdora handled 8.4 million containers in 2023, its director said. "
                      "<script>alert('article')</script> Dredging of the harbour channel starts in June.\n")
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#upload input[type=file]").set_input_files(str(upload))
    page.get_by_text("1 added").wait_for(timeout=60_000)
    page.get_by_role("tab", name="Ask").click()
    _ask(page, "How many containers did the Port of Valdora handle in 2023?")
    page.locator("#source-1").wait_for(timeout=120_000)
    assert "8.4 million" in page.locator("#chat .message").last.inner_text()
    page.locator("#source-1 summary").click()
    assert "<img src=x onerror=alert(1)>" in page.locator("#source-1 h4").inner_text()  # shown as text
    assert page.locator("#sources img").count() == 0 and page.locator("#sources script").count() == 0


def test_empty_question_gives_a_message_not_a_crash(page):
    _ask(page, "   ")
    page.get_by_text("Please type a question.").wait_for(timeout=30_000)


def test_corpus_tab_shows_articles_added_elsewhere_and_removes_them(desk, page, tmp_path):
    story = tmp_path / "late-story.txt"
    story.write_text("---\ntitle: Late story\n---\nThe ferry to Inishmore resumed service on Tuesday.\n")
    desk.ingest([story], progress=False)  # another reader, or the CLI, after this page was opened
    page.get_by_role("tab", name="Corpus").click()
    page.locator("#articles").get_by_text("Late story").wait_for(timeout=30_000)
    page.locator("#remove-id input").fill("late-story")
    page.locator("#remove-id input").press("Enter")
    page.get_by_role("button", name="Remove").click()
    page.get_by_text("Removed late-story.").wait_for(timeout=30_000)
    assert "late-story" not in [a.id for a in desk.articles()]


@pytest.mark.llm
def test_a_click_on_an_entity_keeps_the_articles_and_the_answer_to_those_naming_it(page, desk):
    svevind, eu_meeting = desk.article(SVEVIND).info.title, desk.article(EU_MEETING).info.title
    page.locator("#entities label", has_text="Alikhan Smailov").click()
    view = page.locator("#entity-view")
    view.locator("h4", has_text="Alikhan Smailov").wait_for(timeout=20_000)
    assert svevind in view.inner_text() and eu_meeting not in view.inner_text()
    assert "Kazakh Prime Minister" in view.inner_text()  # the title the article gives him, with why
    _ask(page, "What did Kazakhstan and the United Kingdom sign?")
    page.locator("#source-1").wait_for(timeout=120_000)
    named = page.locator("#chat a[href='#entity-James%20Cleverly']").last
    named.click()  # a name under the answer opens its panel entry
    view.locator("h4", has_text="James Cleverly").wait_for(timeout=20_000)
    _ask(page, "Which metals do Kazakh manufacturers supply to the EU?")
    page.locator("#chat .message").nth(3).wait_for(timeout=120_000)
    page.wait_for_function("() => !document.querySelector('#chat').innerText.includes('…')", timeout=120_000)
    assert eu_meeting not in page.locator("#sources").inner_text()  # that article does not name James Cleverly
