import pytest

from assistant.ingest.split import make_chunks, split_sentences
from tests.conftest import CORPUS, SVEVIND, read_one


def _article():
    return read_one(CORPUS / f"{SVEVIND}.txt")


def test_sentence_offsets_point_at_the_sentence_text():
    article = _article()
    sentences = split_sentences(article.id, article.text)
    assert len(sentences) == 16
    for i, s in enumerate(sentences):
        assert s.index == i and s.article_id == SVEVIND
        assert article.text[s.start:s.end] == s.text
    svevind = sentences[13]
    assert svevind.text.startswith("In 2022, Germany-based renewable energy developer Svevind")
    assert svevind.text.endswith("green hydrogen project in Kazakhstan.")


def test_sentences_never_cross_a_line_break():
    sentences = split_sentences("x", "A headline without a full stop\nThe body starts here. It ends here.")
    assert [s.text for s in sentences] == ["A headline without a full stop", "The body starts here.", "It ends here."]


def test_chunks_cover_every_sentence_overlap_by_one_and_fit_the_embedder():
    article = _article()
    sentences = split_sentences(article.id, article.text)
    chunks = make_chunks(article.id, sentences, max_words=120, overlap=1)
    assert len(chunks) > 1
    covered = {s.index for c in chunks for s in c.sentences}
    assert covered == set(range(len(sentences)))
    for before, after in zip(chunks, chunks[1:]):
        assert before.sentences[-1] == after.sentences[0]
    for chunk in chunks:
        assert chunk.article_id == SVEVIND
        assert len(chunk.text.split()) <= 120 or len(chunk.sentences) == 1


@pytest.mark.parametrize("text, first", [
    ("The FDA banned Red No. 3 in food. Makers have two years.", "The FDA banned Red No. 3 in food."),
    ("The plant is near St. Louis in Missouri. It opens in May.", "The plant is near St. Louis in Missouri."),
    ("Gov. Gavin Newsom signed the bill. It takes effect in July.", "Gov. Gavin Newsom signed the bill."),
    ("U.S. officials said the talks failed. China disagreed.", "U.S. officials said the talks failed."),
    ("Shares rose 2.5 per cent on Monday. Analysts were surprised.", "Shares rose 2.5 per cent on Monday."),
    ("Sen. Warren and Dr. Smith met at 10 a.m. on Friday. They agreed.", "Sen. Warren and Dr. Smith met at 10 a.m. on Friday."),
])
def test_abbreviations_and_numbers_stay_inside_their_sentence(text, first):
    sentences = split_sentences("x", text)
    assert sentences[0].text == first and len(sentences) == 2
