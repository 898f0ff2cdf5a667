"""A part of the ledger less a few articles: a search whose words are in most of it.

The ledger of a search with words is counted over its hits, a pass over most figures
of the archive when the words are common (困难 in nine reports of ten). When the search
is a part of the ledger (``figure_totals.ledger_part``) but for its words, and they
match most of that part, its ledger is the part less the articles without the words
(``indexer.tables.scope.complement_scope``): the part's figures with one more
condition (so a page is still a walk of the part's indexes, past the few left out),
and its totals less the left-out articles' share:

* figures per metric and unit: the part's less the left-out figures of the part;
* conflicting groups per metric and unit: a group that does not conflict cannot start
  to by losing members, so only the groups with a left-out member that conflict can
  change. Each such group's members are read from ``figures_group``: its state with
  every member, then, for those that conflict, with the members left; those that
  conflicted and no longer do are taken away.

Both are read in one statement each, over the left-out articles' figures alone.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from indexer.archive import Archive
from indexer.search.base import SearchBackend
from indexer.search.query import SearchQuery
from indexer.tables.figure_totals import Part, Total, ledger_part
from indexer.tables.figures import COMPARABLE, Selection, part_selection
from indexer.tables.schema import ensure_readable
from indexer.tables.scope import Scope, complement_scope

LEFT_OUT = "f.article_id NOT IN (SELECT value FROM json_each(?))"
# The part's figures of the left-out articles, each article's read by key.
THEIRS = "FROM json_each(?) j CROSS JOIN figures f ON f.article_id = j.value"
LEFT_OUT_COUNTS = ("SELECT COALESCE(f.metric, ''), COALESCE(f.unit, ''), COUNT(*)"
                   f" {THEIRS} WHERE {{part}} GROUP BY 1, 2")
# Per group with a left-out member (``touched``): those that conflict with all their
# members of the part (``CONFLICTING``: more than one, the highest low above the lowest
# high; a NULL high has no limit), then of those, the ones that do not with the members
# left. Only a group that conflicts can stop: the members are read twice for the
# conflicting few (a quarter at 300k), and each group's are aggregated as the index
# gives them, not sorted together.
GROUP_MEMBERS = ("f.metric = t.metric AND f.place = t.place AND f.year = t.year"
                 " AND COALESCE(f.unit, '') = t.unit AND COALESCE(f.change, '') = t.change")
LOST_CONFLICTS = f"""
WITH touched AS MATERIALIZED (
  SELECT DISTINCT f.metric, f.place, f.year, COALESCE(f.unit, '') AS unit,
         COALESCE(f.change, '') AS change
  {THEIRS} WHERE {{part}} AND {COMPARABLE}),
conflicting AS MATERIALIZED (
  SELECT t.* FROM touched t WHERE (
    SELECT COUNT(*) > 1 AND MAX(f.low) > MIN(f.high) FROM figures f
    WHERE {GROUP_MEMBERS} AND {{part}}))
SELECT t.metric, t.unit FROM conflicting t WHERE NOT COALESCE((
  SELECT SUM(kept) > 1 AND MAX(CASE WHEN kept THEN low END) > MIN(CASE WHEN kept THEN high END)
  FROM (SELECT f.low, f.high, {LEFT_OUT} AS kept FROM figures f
        WHERE {GROUP_MEMBERS} AND {{part}})), 0)
"""


def part_but_words(backend: SearchBackend, archive: Archive, query: SearchQuery
                   ) -> tuple[Part, Scope] | None:
    """The part of the ledger ``query`` is but for its words, and its articles less those
    without the words (``complement_scope``), when the words are in most of that part;
    None for a search without words, or not a part without them."""
    part = ledger_part(replace(query, text=""))
    if part is None or not query.text.strip():
        return None
    scope = complement_scope(backend, query, archive)
    return None if scope is None else (part, scope)


def part_less(part: Part, less: Sequence[str], paged: bool = True) -> Selection:
    """The part's figures but those of the articles ``less`` (``part_selection``'s
    ``paged`` as there)."""
    return part_selection(part, paged).where(LEFT_OUT, json.dumps(list(less)))


def totals_less(archive: Archive, part: Part, totals: Sequence[Total],
                less: Sequence[str]) -> list[Total]:
    """The part's ``totals`` less the articles ``less``: what ``part_less`` counts."""
    if not less:
        return list(totals)
    ensure_readable(archive)
    conditions = part_selection(part, paged=False)
    where = " AND ".join(conditions.conditions)
    ids = json.dumps(list(less))
    figures = Counter({(metric, unit): n for metric, unit, n in archive.db.execute(
        LEFT_OUT_COUNTS.format(part=where), (ids, *conditions.params))})
    lost = Counter(tuple(row) for row in archive.db.execute(
        LOST_CONFLICTS.format(part=where),
        (ids, *conditions.params, *conditions.params, ids, *conditions.params)))
    left = (replace(t, figures=t.figures - figures[t.metric, t.unit],
                    conflicting=t.conflicting - lost[t.metric, t.unit]) for t in totals)
    return [total for total in left if total.figures > 0]
