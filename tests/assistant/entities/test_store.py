"""The entity index on disk: replace, remove, resume, count within filters, resolve aliases."""

from assistant.entities import store
from assistant.entities.aliases import AliasRow
from assistant.entities.store import EntityIndex
from assistant.types import ArticleInfo, Filters, Mention


def put(index: EntityIndex, article: str, publisher: str, date: str, names: list[tuple[str, str]],
        aliases: list[AliasRow] = ()) -> None:
    mentions = [Mention(article, 0, i * 20, i * 20 + len(text), text, kind, text) for i, (text, kind) in enumerate(names)]
    index.put(ArticleInfo(article, "t", publisher, date), f"hash-{article}", mentions, list(aliases))


def test_counts_dates_and_outlets_within_the_filters(tmp_path):
    index = EntityIndex(tmp_path / "e.sqlite3")
    put(index, "a1", "Post", "2017-03-01", [("Theresa May", "person"), ("London", "place")])
    put(index, "a2", "Herald", "2017-03-05", [("Theresa May", "person"), ("Theresa May", "person")])
    put(index, "a3", "Post", "2017-04-01", [("London", "place"), ("Sadiq Khan", "person")])
    may = index.entities("person")[0]
    assert (may.name, may.articles, may.outlets, may.mentions, may.first, may.last) == (
        "Theresa May", 2, 2, 3, "2017-03-01", "2017-03-05")
    assert [e.name for e in index.entities("place")] == ["London"]
    assert [e.name for e in index.entities(filters=Filters(publishers=("Herald",)))] == ["Theresa May"]
    assert {e.name for e in index.entities(filters=Filters(date_from="2017-03-10"))} == {"London", "Sadiq Khan"}
    assert {e.name for e in index.entities(filters=Filters(entity="Sadiq Khan"))} == {"London", "Sadiq Khan"}


def test_a_name_is_listed_under_the_kind_most_articles_give_it(tmp_path):
    index = EntityIndex(tmp_path / "e.sqlite3")
    put(index, "a1", "", "", [("Duterte", "organisation")])
    put(index, "a2", "", "", [("Duterte", "person")])
    put(index, "a3", "", "", [("Duterte", "person")])
    assert [(e.name, e.kind) for e in index.entities()] == [("Duterte", "person")]
    assert {m.kind for m in index.mentions("Duterte")} == {"person"}
    put(index, "a4", "", "", [("Kent", "person"), ("Kent", "organisation")])  # a tie goes to person
    put(index, "a5", "", "", [("Ajax", "organisation"), ("Ajax", "place"), ("Ajax", "place")])
    assert {m.kind for m in index.article_mentions("a4")} == {"person"}
    assert {m.kind for m in index.article_mentions("a5")} == {"place"}


def test_an_article_read_again_replaces_its_names_and_a_removed_one_leaves_none(tmp_path, monkeypatch):
    index = EntityIndex(tmp_path / "e.sqlite3")
    put(index, "a1", "", "", [("Theresa May", "person")])
    put(index, "a1", "", "", [("Sadiq Khan", "person")])
    assert [e.name for e in index.entities()] == ["Sadiq Khan"]
    assert index.pending({"a1": "hash-a1", "a2": "hash-a2"}) == ["a2"]
    assert index.pending({"a1": "changed"}) == ["a1"]
    monkeypatch.setattr(store, "READER", "another reading")
    assert index.pending({"a1": "hash-a1"}) == ["a1"]  # names read another way are read again
    index.pending({})  # a1 is no longer stored: its names go
    assert index.entities() == [] and index.counts() == (0, 0)


def test_a_question_s_title_or_initials_name_one_entity_only_when_the_archive_agrees(tmp_path):
    index = EntityIndex(tmp_path / "e.sqlite3")
    put(index, "a1", "", "", [("Alikhan Smailov", "person"), ("European Union", "organisation")],
        [AliasRow("Kazakh Prime Minister", "Alikhan Smailov", "title"), AliasRow("EU", "European Union", "initials"),
         AliasRow("President", "Kassym-Jomart Tokayev", "title")])
    put(index, "a2", "", "", [("Donald Trump", "person")], [AliasRow("President", "Donald Trump", "title")])
    assert index.named_in("What did the Kazakh prime minister sign?") == {"kazakh prime minister": "Alikhan Smailov"}
    assert index.named_in("Which EU officials came?") == {"eu": "European Union"}
    assert index.named_in("What did the president say?") == {}  # one word, and two presidents
    assert index.named_in("Is it in the eu budget?") == {}  # initials are written in capitals
    assert index.named_in("What did the Kazakh prime minister sign?", title_articles=2) == {}  # one article gave it
    assert index.named_in("Which EU officials came?", title_articles=2) == {"eu": "European Union"}
    assert index.find("the Kazakh prime minister") == "Alikhan Smailov"
    assert index.find("EU") == "European Union" and index.find("nobody") == ""
