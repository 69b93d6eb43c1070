from assistant.ingest.clean import clean_text
from tests.conftest import CORPUS, EU_MEETING, SVEVIND

BOILERPLATE = ["4.3 C", "Belgrade", "Supported by", "spot_img", "Europium Group", "Related News", "Glencore",
               "BHP", "Graphjet", "China’s role", "Content is protected"]


def test_scraped_page_loses_its_boilerplate_and_keeps_every_article_sentence():
    raw = (CORPUS / f"{EU_MEETING}.txt").read_text()
    body, headline = clean_text(raw.split("---\n", 2)[2])
    for junk in BOILERPLATE:
        assert junk not in body, junk
    assert headline.startswith("Kazakhstan and EU forge ahead")
    article_paragraphs = [
        "A gathering on March 5th hosted by the Kazakh Embassy",
        "In a landmark move in November 2022",
        "During the March 5th meeting, Bolat Akchulakov",
        "Luc Devigne, deputy managing director",
        "As part of the event, Kazakhstan’s national company",
        "The report further pointed out that Kazakh manufacturers",
    ]
    for start in article_paragraphs:
        assert start in body
    assert body.rstrip().endswith("a vital component for electric vehicles.")


def test_clean_article_is_unchanged():
    raw = (CORPUS / f"{SVEVIND}.txt").read_text().split("---\n", 2)[2]
    body, headline = clean_text(raw)
    assert headline == ""
    assert [p for p in body.split("\n") if p] == [p.strip() for p in raw.strip().split("\n") if p.strip()]


def test_generic_page_furniture_is_dropped():
    page = "\n".join([
        "Skip to content", "Advertisement", "Share on Facebook",
        "Mayor opens new bridge over the river Tamsk",
        "The mayor opened the bridge on Monday, ending four years of works.",
        "Subscribe to our newsletter", "© 2024 Daily Example. All rights reserved.",
        "The bridge cost 40 million euros, the council said.",
        "Read more", "Another story about something else entirely that is long enough to pass...",
    ])
    body, headline = clean_text(page)
    assert headline == "Mayor opens new bridge over the river Tamsk"
    assert body == ("The mayor opened the bridge on Monday, ending four years of works.\n"
                    "The bridge cost 40 million euros, the council said.")


def test_one_line_story_without_a_final_full_stop_is_body_not_headline():
    body, headline = clean_text("A selection of the best photos from across Africa this week. "
                                "Images courtesy of AFP, AP, EPA, Getty Images and Reuters")
    assert headline == "" and body.startswith("A selection of the best photos")


def test_a_story_run_into_a_share_button_s_words_is_kept():
    """A feed row with the whole story on one line after "Share this with": 16 BBC stories of the
    3,824-article bench were dropped whole as page furniture. The widgets' words go, the story stays."""
    story = ("Share this with Media playback is not supported on this device Joe Root has been named as "
             "England's new Test captain. The Yorkshire batsman, 26, succeeds Alastair Cook, who resigned last "
             "week. Root steps up from vice-captain, with Ben Stokes filling the role as his deputy.")
    body, _ = clean_text(f"{story}\nShare this with friends\nCopyright 2017 BBC.")
    assert body == story.removeprefix("Share this with Media playback is not supported on this device ")
