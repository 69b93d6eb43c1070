"""Who speaks in a sentence: the one it names, a quotation's nearest attribution, the last one named for "he added"."""

import pytest

from assistant.ingest.split import split_sentences
from assistant.verify.speakers import find_speaker

# Scraped news as it often comes: one paragraph, several speakers.
ONE_PARAGRAPH = ("Supt Evans said the wreckage was found at 11:00. “We are devastated,” the pilot's brother said. "
                 "Residents heard a loud bang. “It was terrifying. The whole house shook,” Mary Jones told reporters. "
                 "“We will rebuild,” she added. Police said an inquiry had begun.")
QUOTE_RUNS_ON = "“Today we diversify our trade,” Cleverley noted. “These are sectors we want to strengthen.”\nSmailov spoke next."


@pytest.mark.parametrize("text, index, speaker", [
    (ONE_PARAGRAPH, 0, ""),  # reported speech, no quotation: not the quotation's speaker after it
    (ONE_PARAGRAPH, 1, ""),  # a speaker named by no name ("the pilot's brother")
    (ONE_PARAGRAPH, 2, ""),  # no quotation and no one named: no one speaks
    (ONE_PARAGRAPH, 3, "Mary Jones"),  # a quotation runs on to the sentence naming its speaker
    (ONE_PARAGRAPH, 4, "Mary Jones"),
    (ONE_PARAGRAPH, 5, "Mary Jones"),  # "she added": the last one named
    (QUOTE_RUNS_ON, 1, "Cleverley"),
    (QUOTE_RUNS_ON, 2, ""),  # another paragraph
])
def test_a_sentence_s_speaker_is_read_where_the_sentence_stands(text, index, speaker):
    sentences = split_sentences("a", text)
    assert find_speaker(text, sentences[index], sentences) == speaker
