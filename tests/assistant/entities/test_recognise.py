"""The recogniser's mentions as the archive keeps them (the real spaCy pipeline)."""

from assistant.entities.recognise import recognise
from assistant.ingest.split import split_sentences


def read(text: str):
    return next(recognise([("a1", text, split_sentences("a1", text))]))


def test_a_title_before_a_name_is_a_mention_of_that_person_and_an_adjective_is_no_name():
    mentions = read("Kazakh Prime Minister Alikhan Smailov met British Foreign Minister James Cleverly in Astana.")
    names = {(m.text, m.kind) for m in mentions}
    assert ("Alikhan Smailov", "person") in names and ("Astana", "place") in names
    assert ("Kazakh Prime Minister", "title") in names and not any(m.text == "British" for m in mentions)
    title = next(m for m in mentions if m.kind == "title" and m.text == "Kazakh Prime Minister")
    assert title.entity == "Alikhan Smailov"


def test_an_apposition_is_a_title():
    mentions = read("The prime minister, Theresa May, said the talks would go on.")
    assert any(m.kind == "title" and m.text == "prime minister" and m.entity == "Theresa May" for m in mentions)


def test_offsets_point_at_the_name_without_what_came_before_it():
    text = "Officers said Ms Choi Soon-sil had met the president. Later Ms Choi denied it."
    for m in read(text):
        assert text[m.start:m.end] == m.text
    assert not any(m.text.startswith("Ms") for m in read(text))


def test_a_name_the_article_repeats_is_found_each_time():
    """The small recogniser misses "Cleverly" and one "Smailov" here; the article's own full names find them."""
    text = "Kazakh Prime Minister Alikhan Smailov met James Cleverly. The talks Smailov held were long. Cleverly thanked Smailov."
    mentions = read(text)
    for surname in ("Smailov", "Cleverly"):
        assert sum(m.text.endswith(surname) and m.kind != "title" for m in mentions) == text.count(surname)
    assert {m.sentence for m in mentions if m.text == "Cleverly"} == {2}


def test_a_person_s_surname_is_that_person_unless_it_stands_in_a_place_phrase():
    """From a bench article (3365): the recogniser calls both later "Katanga"s a place."""
    text = ("Judges at the International Criminal Court (ICC) on Friday awarded reparations to victims of war crimes "
            "committed by former Congolese militia leader Germain Katanga. Katanga was accused of supplying weapons to "
            "his militia in the February 2003 attack on Bogoro village in Ituri province. "
            "Katanga was sentenced by the ICC to 12 years in jail in 2014.")
    kinds = [m.kind for m in read(text) if m.text == "Katanga"]
    assert kinds == ["person", "person"]


def test_a_title_in_apposition_keeps_what_it_is_of():
    mentions = read("Saviour Kasukuwere, the minister of local government, denied the claims.")
    assert any(m.kind == "title" and m.text == "minister of local government" for m in mentions)


def test_a_surname_is_found_again_when_its_person_was_named_in_full_twice():
    """The article's one James Cleverly, named in full twice: his later bare "Cleverly" is still him."""
    text = ("Kazakh Prime Minister Alikhan Smailov met James Cleverly. Officials said James Cleverly arrived on "
            "Saturday. The talks Smailov held were long. Cleverly thanked Smailov.")
    assert [m.sentence for m in read(text) if m.text == "Cleverly"] == [3]
