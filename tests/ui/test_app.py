"""The page's upload handling, without a browser."""

from ui.app import _keep_uploads


def test_a_second_upload_of_the_same_file_name_is_an_update(desk, tmp_path):
    first, second = tmp_path / "a" / "notice.txt", tmp_path / "b" / "notice.txt"  # Gradio gives each upload a folder
    for path, day in ((first, "Monday"), (second, "Tuesday")):
        path.parent.mkdir()
        path.write_text(f"The council meets on {day} to vote on the harbour budget.\n")
    kept = tmp_path / "uploads"
    _, report = desk.ingest(_keep_uploads([str(first)], kept), progress=False)
    assert report.added == ["notice"]
    _, report = desk.ingest(_keep_uploads([str(second)], kept), progress=False)
    assert report.updated == ["notice"] and not report.refused
    assert "Tuesday" in desk.article("notice").text
    desk.remove(["notice"])
