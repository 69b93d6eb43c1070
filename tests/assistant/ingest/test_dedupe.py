"""Wire copies: MinHash signatures (datasketch) kept in SQLite, checked against every stored article."""

import pytest

from assistant import Newsdesk, Settings
from assistant.ingest.dedupe import CopyIndex
from tests.conftest import CORPUS, EU_MEETING, SVEVIND

TEXT = (CORPUS / f"{SVEVIND}.txt").read_text()
NEAR = TEXT.replace("Kallanish notes.", "Reuters reports.").replace("last October", "in October")


@pytest.fixture
def copies(tmp_path):
    index = CopyIndex(tmp_path / "copies.sqlite3", threshold=0.8)
    index.add([(SVEVIND, TEXT), ("other", (CORPUS / f"{EU_MEETING}.txt").read_text())])
    yield index
    index.close()


def test_exact_and_near_copies_are_found_and_distinct_or_partial_stories_are_not(copies):
    assert copies.copy_of("exact", TEXT) == SVEVIND
    assert copies.copy_of("exact", TEXT.upper().replace(".", " .")) == SVEVIND  # same words
    assert copies.copy_of("wire", NEAR) == SVEVIND
    assert copies.copy_of("half", TEXT[: len(TEXT) // 2]) == ""
    assert copies.copy_of("new", "A new story about the harbour budget, approved by the council on Tuesday.") == ""


def test_an_article_is_never_its_own_copy_and_ignored_or_removed_ones_are_not_originals(copies):
    assert copies.copy_of(SVEVIND, NEAR) == ""
    assert copies.copy_of("wire", NEAR, ignore={SVEVIND}) == ""
    copies.remove([SVEVIND])
    assert copies.copy_of("wire", NEAR) == "" and copies.ids() == {"other"}


def _ingest(desk, folder, **kwargs):
    return desk.ingest([folder], progress=False, **kwargs)[1]


def test_tomorrows_copy_of_yesterdays_story_is_caught_across_ingests(settings, tmp_path):
    yesterday, today = tmp_path / "yesterday", tmp_path / "today"
    yesterday.mkdir(), today.mkdir()
    (yesterday / "svevind.txt").write_text(TEXT)
    (today / "wire.txt").write_text(NEAR)
    (today / "wire-again.txt").write_text(NEAR)
    with Newsdesk(settings.with_(data_dir=tmp_path / "data")) as desk:
        assert _ingest(desk, yesterday).added == ["svevind"]
        report = _ingest(desk, today)
        assert report.added == [] and report.duplicates == {"wire": "svevind", "wire-again": "svevind"}
        assert "2 copies skipped" in report.summary()
        assert [a.id for a in desk.articles()] == ["svevind"]


def test_the_first_of_two_copies_in_one_ingest_is_kept_and_a_pruned_original_does_not_hide_its_copy(settings, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT)
    (folder / "b.txt").write_text(NEAR)
    with Newsdesk(settings.with_(data_dir=tmp_path / "data")) as desk:
        report = _ingest(desk, folder)
        assert report.added == ["a"] and report.duplicates == {"b": "a"}
        (folder / "a.txt").unlink()  # the original leaves the corpus: its copy is the story now
        report = _ingest(desk, folder, prune=True)
        assert report.added == ["b"] and report.removed == ["a"] and report.duplicates == {}


def test_a_signature_left_by_a_killed_ingest_or_missing_from_an_older_store_is_put_right(settings, tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT)
    data = tmp_path / "data"
    with Newsdesk(settings.with_(data_dir=data)) as desk:
        desk._store.copies.add([("ghost", TEXT)])  # signed, then killed before its article was stored
        assert _ingest(desk, folder).added == ["a"]
    (data / "newsdesk.copies.sqlite3").unlink()  # a store made before signatures were kept
    (folder / "b.txt").write_text(NEAR)
    with Newsdesk(Settings.from_env({}, data_dir=data)) as desk:
        assert _ingest(desk, folder).duplicates == {"b": "a"}


def test_a_signature_a_kill_left_without_its_article_goes_even_when_the_counts_agree(settings, tmp_path):
    """One signature without its article (admitted, then killed) and one article without its signature
    (an older store): the counts agree, yet neither the ghost nor the unsigned article may decide a copy."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT)
    (folder / "b.txt").write_text((CORPUS / f"{EU_MEETING}.txt").read_text())
    with Newsdesk(settings.with_(data_dir=tmp_path / "data")) as desk:
        assert sorted(_ingest(desk, folder).added) == ["a", "b"]
        copies = desk._store.copies
        copies.remove(["a"])
        assert copies.admit("ghost", NEAR) == "" and copies.count() == 2
        (folder / "c.txt").write_text(NEAR)  # a copy of the unsigned "a", and of the ghost
        report = _ingest(desk, folder)
        assert report.added == [] and report.duplicates == {"c": "a"}
