"""Stories: the printings of one report, grouped in the archive as articles come in.

Each canonical article gets a row in ``article_stories``: its story (the id of the
story's first archived printing), whether it is the story's lead (its earliest
printing by date, then by archive order: the one a search shows and a count by
stories counts) and the MinHash signature later printings are matched against
(``indexer.reprints``), whose LSH bands ``story_bands`` keeps for the lookup
(``indexer.story_index``: one probe per band, nothing read ahead). Exact copies
(``duplicate_of``) are printings too: they are not indexed, but a story lists them.

Assignment is incremental and restartable: ``assign_stories`` reads from the archive
what has no row, or a row of older text or another detection method, and commits
each article's row with its story's lead election, so a killed run loses nothing and
a finished one has nothing to do. The writer pipeline runs it first in every pass
(ingest, crawl, ``unionkb reindex``): an archive written before stories existed gets
them the next time any of those runs. When a new printing takes the lead (it is
dated earlier), the printings whose lead flag changed are indexed again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from tqdm import tqdm

from indexer.archive import Archive
from indexer.batches import batched
from indexer.models import Article
from indexer.reprints import (
    NUM_PERM,
    SHINGLE_WORDS,
    THRESHOLD,
    signature,
    to_bytes,
)
from indexer.story_index import StoryIndex

METHOD = f"minhash-words{SHINGLE_WORDS}-perm{NUM_PERM}-t{THRESHOLD}"
BATCH = 500


@dataclass(frozen=True)
class StoryRef:
    """An article's place in its story, as its index document carries it."""

    story_id: str
    lead: bool = True


def story_text(article: Article) -> str:
    """What printings share: the body (headlines are what editors rewrite first)."""
    return article.body or article.title


def pending_story_ids(archive: Archive) -> list[str]:
    """Canonical articles without a current row, in archive order."""
    rows = archive.db.execute(
        "SELECT a.id FROM articles a LEFT JOIN article_stories s ON s.article_id = a.id"
        " WHERE a.duplicate_of IS NULL AND (s.article_id IS NULL"
        " OR s.content_hash != a.content_hash OR s.method != ?) ORDER BY a.rowid", (METHOD,))
    return [row["id"] for row in rows]


def assign_stories(archive: Archive, progress: bool = False) -> int:
    """Give every pending article its story; returns how many were assigned."""
    index = StoryIndex(archive)
    with archive.transaction():
        _forget_other_methods(archive, index)
        index.backfill(progress)  # an archive whose stories were grouped before the bands were kept
    ids = pending_story_ids(archive)
    if not ids:
        return 0
    with archive.transaction():  # compared with what is archived, not with their old texts
        index.forget(ids)
    with tqdm(total=len(ids), desc="stories", unit="art", disable=not progress) as bar:
        for batch in batched(ids, BATCH):
            with archive.transaction():  # one commit per batch, not per article
                for article in _articles(archive, batch):
                    _assign(archive, index, article)
                    bar.update()
    return len(ids)


def _forget_other_methods(archive: Archive, index: StoryIndex) -> None:
    """Signatures of another shingling cannot be compared with ours: start again."""
    other = [row[0] for row in archive.db.execute(
        "SELECT article_id FROM article_stories WHERE method != ?", (METHOD,))]
    if other:
        index.forget(other)
        archive.db.execute("DELETE FROM article_stories WHERE method != ?", (METHOD,))


def _articles(archive: Archive, ids: list[str]) -> Iterator[Article]:
    rows = archive.db.execute(
        "SELECT record FROM articles WHERE id IN (SELECT value FROM json_each(?))"
        " AND duplicate_of IS NULL ORDER BY rowid", (json.dumps(ids),))
    for row in rows:
        yield Article.from_dict(json.loads(row["record"]))


def _assign(archive: Archive, index: StoryIndex, article: Article) -> None:
    minhash = signature(story_text(article))
    matches = index.matches(minhash, exclude=article.id)
    story, similarity = (_story_of(archive, matches[0][0]), matches[0][1]) if matches else (
        article.id, None)
    with archive.transaction() as db:
        # A pending article's old bands were forgotten before the run (assign_stories).
        old = db.execute("SELECT story_id FROM article_stories WHERE article_id = ?",
                         (article.id,)).fetchone()
        row = db.execute(
            "INSERT OR REPLACE INTO article_stories (article_id, story_id, lead, similarity,"
            " content_hash, method, signature) VALUES (?,?,0,?,?,?,?)",
            (article.id, story, similarity, article.content_hash, METHOD, to_bytes(minhash)))
        index.add(row.lastrowid, minhash.hashvalues)
        changed = _elect_lead(archive, story)
        if old is not None and old["story_id"] != story:
            changed |= _elect_lead(archive, old["story_id"])
        archive.reindex_later(sorted(changed - {article.id}))


def _story_of(archive: Archive, article_id: str) -> str:
    return archive.db.execute("SELECT story_id FROM article_stories WHERE article_id = ?",
                              (article_id,)).fetchone()[0]


def _elect_lead(archive: Archive, story: str) -> set[str]:
    """Make the story's earliest printing its lead; the printings whose flag changed."""
    members = archive.db.execute(
        "SELECT s.article_id, s.lead FROM article_stories s JOIN articles a"
        " ON a.id = s.article_id WHERE s.story_id = ?"
        " ORDER BY a.date IS NULL, a.date, a.rowid", (story,)).fetchall()
    changed = set()
    for position, member in enumerate(members):
        lead = int(position == 0)
        if member["lead"] != lead:
            archive.db.execute("UPDATE article_stories SET lead = ? WHERE article_id = ?",
                               (lead, member["article_id"]))
            changed.add(member["article_id"])
    return changed


def story_stats(archive: Archive) -> dict[str, int]:
    """Stories, the printings grouped into them, and the articles still to group."""
    stories, grouped = archive.db.execute(
        "SELECT COUNT(DISTINCT story_id), COUNT(*) FROM article_stories").fetchone()
    return {"stories": stories, "printings": grouped,
            "pending": len(pending_story_ids(archive))}


def story_ref(archive: Archive, article_id: str) -> StoryRef:
    """The article's story; an article without a row yet is a story of its own."""
    row = archive.db.execute("SELECT story_id, lead FROM article_stories WHERE article_id = ?",
                             (article_id,)).fetchone()
    return StoryRef(row["story_id"], bool(row["lead"])) if row else StoryRef(article_id)


def printings(archive: Archive, story_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Every printing of each story (near and exact copies), earliest first, as
    ``{id, title, date, source, page, url}``."""
    rows = archive.db.execute(
        "WITH members AS (SELECT s.story_id, s.article_id FROM article_stories s"
        "  WHERE s.story_id IN (SELECT value FROM json_each(?))),"
        " copies AS (SELECT m.story_id, a.id AS article_id FROM members m"
        "  JOIN articles a ON a.duplicate_of = m.article_id)"
        " SELECT x.story_id, a.record FROM (SELECT * FROM members UNION SELECT * FROM copies) x"
        " JOIN articles a ON a.id = x.article_id ORDER BY a.date IS NULL, a.date, a.rowid",
        (json.dumps(sorted(set(story_ids))),))
    found: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        article = Article.from_dict(json.loads(row["record"]))
        found.setdefault(row["story_id"], []).append(printing_ref(article))
    return found


def printing_ref(article: Article) -> dict[str, Any]:
    return {"id": article.id, "title": article.title, "date": article.date,
            "source": article.source_name, "page": article.page, "url": article.url}
