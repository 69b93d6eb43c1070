"""Merging one article's mentions: a short form joins a full name only when exactly one full name fits it."""

from assistant.entities.aliases import initials, resolve
from assistant.types import Mention


def mention(text: str, kind: str = "person", start: int = 0, entity: str = "") -> Mention:
    return Mention("a1", 0, start, start + len(text), text, kind, entity)


def entities(mentions: list[Mention]) -> dict[str, str]:
    return {m.text: m.entity for m in resolve(mentions)[0]}


def test_a_surname_joins_the_one_full_name_it_ends():
    resolved, aliases = resolve([mention("Khalid Masood"), mention("Masood", start=50)])
    assert [m.entity for m in resolved] == ["Khalid Masood", "Khalid Masood"]
    assert resolved[1].why == "surname of Khalid Masood in this article"
    assert [(a.alias, a.entity, a.how) for a in aliases] == [("Masood", "Khalid Masood", "surname")]


def test_a_surname_two_people_share_stays_itself():
    found = entities([mention("Donald Trump"), mention("Ivanka Trump", start=20), mention("Trump", start=40)])
    assert found["Trump"] == "Trump"


def test_the_recogniser_calling_a_surname_an_organisation_still_joins_the_person():
    assert entities([mention("Annalena Baerbock"), mention("Baerbock", "organisation", 30)])["Baerbock"] == "Annalena Baerbock"


def test_a_place_is_never_someone_s_surname():
    assert entities([mention("George Washington"), mention("Washington", "place", 30)])["Washington"] == "Washington"


def test_a_first_name_joins_the_one_person_it_starts():
    assert entities([mention("Jeff Jones"), mention("Jeff", start=30)])["Jeff"] == "Jeff Jones"
    assert entities([mention("Jeff Jones"), mention("Jeff Bezos", start=15), mention("Jeff", start=30)])["Jeff"] == "Jeff"


def test_initials_join_the_one_organisation_they_spell():
    found = entities([mention("European Union", "organisation"), mention("EU", "organisation", 30),
                      mention("U.S.", "place", 40), mention("United States", "place", 50)])
    assert found["EU"] == "European Union" and found["U.S."] == "United States"
    assert entities([mention("European Union", "organisation"), mention("UN", "organisation", 30)])["UN"] == "UN"
    assert initials("Organisation of the Petroleum Exporting Countries") == "OPEC"


def test_a_title_names_the_full_name_its_person_resolves_to():
    resolved, aliases = resolve([mention("Kazakh Prime Minister", "title", 0, "Alikhan Smailov"),
                                 mention("Alikhan Smailov", start=22)])
    title = next(m for m in resolved if m.kind == "title")
    assert title.entity == "Alikhan Smailov" and title.why == "title given to Alikhan Smailov in this article"
    assert ("Kazakh Prime Minister", "Alikhan Smailov", "title") in [tuple(a) for a in aliases]


def test_a_surname_joins_its_full_name_whatever_the_case_of_a_particle():
    assert entities([mention("Leila de Lima"), mention("De Lima", start=30)])["De Lima"] == "Leila de Lima"


def test_a_first_name_the_recogniser_called_an_organisation_still_joins_the_person():
    assert entities([mention("Konstantin Yaroshenko"), mention("Konstantin", "organisation", 30)])["Konstantin"] == (
        "Konstantin Yaroshenko")
