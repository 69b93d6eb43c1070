"""Fusion and filters: the pure parts of retrieval (the keyword side's filters: test_keyword.py); sentence ranking."""

from assistant import Filters
from assistant.retrieve import rrf, to_metadata_filters


def test_rrf_rewards_agreement_between_rankings():
    assert rrf([["a", "b", "c"], ["b", "d", "a"]], k=60) == ["b", "a", "d", "c"]
    assert rrf([["a"], []], k=60) == ["a"]


def test_no_filters_are_no_conditions():
    assert to_metadata_filters(None) is None and to_metadata_filters(Filters()) is None


SPACE_AGENCY = """Space official found dead in prison

A top official of Russia's space agency has been found dead in the Moscow jail where he was held.
Officials said the man was found in his cell in Moscow with stab wounds to his chest.
He was jailed in December on charges of embezzling 200 million rubles from an aerospace company.
Investigators have opened a murder case.
"""


def test_a_sentence_stating_the_asked_figure_outranks_one_that_only_sets_the_scene(tmp_path):
    from assistant import Newsdesk, Settings

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "space.txt").write_text(SPACE_AGENCY)
    question = "How much money was the space agency official found dead in his prison cell accused of embezzling?"
    settings = Settings.from_env({}, data_dir=tmp_path / "data", evidence_sentences=2)
    with Newsdesk(settings) as desk:
        desk.ingest([tmp_path / "corpus"], progress=False)
        assert any("200 million rubles" in e.sentence.text for e in desk.evidence(question).evidence)
    with Newsdesk(settings.with_(asked_figure_weight=0.0)) as desk:  # the scene-setting sentences come first without it
        assert not any("200 million rubles" in e.sentence.text for e in desk.evidence(question).evidence)
