"""The analysis tables' shape, their fingerprinted version, and whether they are current.

``entity_articles``     one row per extracted article: what a citation and a map need
                        (title, date, newspaper, page, URL, primary region), whether it is
                        a duplicate (left out, as the index leaves it out), the archive
                        revision it was derived from and whether it was its story's lead
                        then (what a count by stories counts, as its index document says)
``article_facets``      the facet values the index filters on (province, programme, year…),
                        so a search made of filters only is answered here, without the index
``article_programmes``  one row per programme an article names: what the catalogue counts,
                        with its article's date and county copied in (and whether it is a
                        duplicate), so a programme's first article or oldest per county is
                        one index probe, not a scan of every article naming it
``programme_totals``    the catalogue's counts over the whole archive, per programme: by
                        kind (articles, mentions), theme, province and county, over every
                        printing and over stories' leads, and the same again over each
                        province's articles (parts ``kind@山东省``…); kept by the writer as
                        it adds and removes an article's rows, so the first screen does not
                        scan a million articles
``programme_mentions``  one row per mention of a programme, with the words around it
                        (``context``) and their jieba terms (``context_terms``, computed once,
                        when derived, rather than on every "similar programmes" request)
``figures``             one row per numeric claim, with the phrase an editor would quote, the
                        place it is about (resolved in the gazetteer) and the values its
                        qualifier allows (``low``/``high``), so conflicts are found in SQL;
                        with what the ledger's first screen sorts and selects by copied from
                        its article (date, year, duplicate, story lead), so a page is rows
                        read from an index, not a sort of every figure
``figure_totals``       the ledger's counts per metric and unit (figures, and groups whose
                        ranges cannot all hold) over the whole archive and per province,
                        counted by stories and by printings; kept by the writer
                        (``indexer.tables.figure_totals``)
``figure_ranges``       the figures about each metric per range of values, so the figure
                        check counts the figures that agree with a claim from a few rows

The version is a fingerprint, not a number someone remembers to bump: a hash of this
DDL, and one of the code that writes the rows (and of the index document, whose facet
values ``article_facets`` holds). Readers need only the DDL to match; the writer
pipeline needs both, and rebuilds the tables when either changed (``prepare_tables``).
Opening the archive never does: the archive knows nothing of these tables.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import weakref
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from indexer.archive import Archive
from indexer.documents import DOCUMENT_VERSION

# The tables with one article's rows, and the totals kept over them.
ARTICLE_TABLES = ("entity_articles", "article_facets", "article_programmes",
                  "programme_mentions", "figures")
TABLES = (*ARTICLE_TABLES, "programme_totals", "figure_totals", "figure_ranges")
# The modules whose code decides what goes into a row: a change to one rebuilds the tables.
ROW_WRITERS = ("rows.py", "contexts.py", "qualifiers.py", "write.py", "totals.py",
               "programme_counts.py", "figure_totals.py")

SCHEMA = """
CREATE TABLE IF NOT EXISTS entity_articles (
    article_id TEXT PRIMARY KEY,
    canonical INTEGER NOT NULL,
    source TEXT, source_name TEXT, title TEXT, date TEXT, date_key INTEGER, year TEXT,
    page TEXT, url TEXT,
    primary_region TEXT,
    province TEXT, county TEXT, level TEXT,
    revision INTEGER NOT NULL,
    lead INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_articles_date ON entity_articles(canonical, date_key, lead);
CREATE TABLE IF NOT EXISTS article_facets (
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (facet, value, article_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_facets_article ON article_facets(article_id, facet);
CREATE TABLE IF NOT EXISTS article_programmes (
    article_id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT,
    mentions INTEGER NOT NULL,
    canonical INTEGER NOT NULL, date TEXT, date_key INTEGER, county TEXT,
    PRIMARY KEY (article_id, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_programmes_name ON article_programmes(name);
CREATE INDEX IF NOT EXISTS article_programmes_dated
    ON article_programmes(name, canonical, date, article_id);
CREATE INDEX IF NOT EXISTS article_programmes_county
    ON article_programmes(name, county, canonical, date_key, article_id);
CREATE TABLE IF NOT EXISTS programme_totals (
    name TEXT NOT NULL,
    part TEXT NOT NULL,
    value TEXT NOT NULL,
    articles INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    oldest_key INTEGER, oldest_id TEXT, oldest_region TEXT,
    lead_articles INTEGER NOT NULL,
    lead_mentions INTEGER NOT NULL,
    lead_oldest_key INTEGER, lead_oldest_id TEXT, lead_oldest_region TEXT,
    PRIMARY KEY (part, name, value)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS programme_mentions (
    article_id TEXT NOT NULL,
    entry INTEGER NOT NULL,
    mention INTEGER NOT NULL,
    name TEXT NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    context TEXT,
    context_terms TEXT,
    canonical INTEGER NOT NULL, province TEXT, date TEXT, date_key INTEGER,
    PRIMARY KEY (article_id, entry, mention)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS programme_mentions_newest ON programme_mentions(name, canonical,
    province, COALESCE(date, '') DESC, date_key, article_id, entry, mention, span_start);
CREATE TABLE IF NOT EXISTS figures (
    article_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    value NOT NULL,
    unit TEXT, metric TEXT, qualifier TEXT, change TEXT, text TEXT, phrase TEXT, sentence TEXT,
    span_start INTEGER,
    span_end INTEGER,
    low REAL NOT NULL,
    high REAL,
    region TEXT,
    adcode TEXT,
    province TEXT,
    place TEXT,
    canonical INTEGER NOT NULL, story_lead INTEGER NOT NULL, faceted INTEGER NOT NULL,
    date TEXT, date_key INTEGER, year TEXT,
    PRIMARY KEY (article_id, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS figures_group ON figures(metric, place, year, unit, change, canonical,
    story_lead, province, faceted, low, high);
CREATE INDEX IF NOT EXISTS figures_ledger ON figures(COALESCE(metric, ''), COALESCE(adcode, ''),
    COALESCE(date, ''), value, date_key DESC, article_id, seq) WHERE canonical = 1;
CREATE INDEX IF NOT EXISTS figures_province ON figures(province, COALESCE(metric, ''),
    COALESCE(adcode, ''), COALESCE(date, ''), value, date_key DESC, article_id, seq)
    WHERE canonical = 1;
CREATE INDEX IF NOT EXISTS figures_newest ON figures(date_key DESC, article_id, seq)
    WHERE canonical = 1;
CREATE INDEX IF NOT EXISTS figures_province_newest ON figures(province, date_key DESC,
    article_id, seq) WHERE canonical = 1;
CREATE TABLE IF NOT EXISTS figure_totals (
    counted TEXT NOT NULL,
    province TEXT NOT NULL,
    metric TEXT NOT NULL,
    unit TEXT NOT NULL,
    figures INTEGER NOT NULL,
    conflicting INTEGER NOT NULL,
    PRIMARY KEY (counted, province, metric, unit)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS figure_ranges (
    counted TEXT NOT NULL,
    metric TEXT NOT NULL,
    change TEXT NOT NULL,
    unit TEXT NOT NULL,
    province TEXT NOT NULL,
    low REAL NOT NULL,
    high REAL NOT NULL,
    figures INTEGER NOT NULL,
    PRIMARY KEY (counted, metric, change, unit, province, low, high)
) WITHOUT ROWID;
"""
# ``entity_articles_date`` holds ``lead`` too, so a scope counting stories is read from
# the index alone, as one counting printings is.
# ``article_programmes`` keeps, for a name an article gives twice, its first entry's kind
# and mention count; its ``county`` is the article's when its primary region is a county.
# ``programme_totals`` counts canonical articles only: ``part`` is 'kind' (``value`` the
# kind, '' for none; ``mentions`` as the catalogue sums them), 'theme', 'province' or
# 'county' (each again as 'kind@山东省'…, over the articles whose province facet holds 山东省:
# a province's catalogue), and for similar programmes 'entry', 'term' and 'together'
# (``mentions`` 0; see ``indexer.tables.totals``). A county's row names its oldest
# article (date key, id, primary region), the one whose region the catalogue shows;
# every read names its part, which leads the key, so the catalogue's kinds are not read
# among a million terms and counties. The ``lead_`` columns are the same counts (and
# oldest article) over the leads only: a count by stories.
# In ``programme_mentions``, ``entry`` is the programme's position in the extraction's
# list and ``mention`` the mention's position in the entry (0 with NULL spans when the
# entry has none); copied from the article: ``canonical``, the primary region's
# ``province``, ``date`` and ``date_key``, so a programme page's newest mentions of a
# province are a walk of ``programme_mentions_newest`` (which serves the lookups by name
# too; ``span_start`` last, so a province's count reads the index alone), not a sort of
# every mention of the programme. ``figures.value`` has no declared type on purpose:
# 7100 stays an integer and 0.6 a real; ``seq`` is the figure's position in the
# extraction's list, so a ledger row id ``article:seq`` stays stable; ``high`` is NULL
# when open-ended (以上); ``region`` is the place as JSON (the figure's own; NULL when it
# is the article's primary region, read from ``entity_articles``, 'null' for none),
# ``place`` its adcode or else its name: what two figures must share to conflict. Copied
# from the article: ``canonical``, ``story_lead`` (0 for a story's printing that is not
# its lead, as the index document has it), ``date``, ``date_key``, ``year``; ``faceted``
# is 1 when the figure's province is one of its article's province facet values (what a
# search filtered by that province selects). The indexes are the walks of the ledger's
# pages (``figures_ledger``: its default order, ``figures_province``: the same within
# one province; ``figures_newest``; ``figures_province_newest``: compare's key figures
# of a province, newest first) and the probes of one comparison group
# (``figures_group``, covering what decides a conflict and what the figure check
# counts). ``figure_totals`` has, per ``counted`` ('stories', 'printings') and
# ``province`` ('' for every figure; else the figures a search filtered by it selects),
# metric and unit ('' for none): the figures, and the comparison groups (metric, place,
# year, unit, change) of that metric and unit whose ranges conflict. ``figure_ranges``
# has what the figure check counts: the figures of every canonical article that say what
# they count, per ``counted``, metric, change and unit ('' for none), province ('' for
# all of them, else the figure's own) and range (``high`` infinite when open-ended).
STATE = "CREATE TABLE IF NOT EXISTS entity_tables_state (version TEXT NOT NULL)"

# Rows whose article's extraction is newer than they are, or whose article has none now.
STALE = """
SELECT a.id FROM articles a LEFT JOIN entity_articles e ON e.article_id = a.id
WHERE e.revision IS NOT a.revision AND (a.extraction IS NOT NULL OR e.article_id IS NOT NULL)
ORDER BY a.rowid
"""

log = logging.getLogger(__name__)


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
        digest.update(b"\x00")
    return digest.hexdigest()[:12]


def schema_version() -> str:
    """What a reader needs to match: the tables' columns."""
    return _digest(SCHEMA.encode())


@cache
def tables_version() -> str:
    """The full fingerprint: the DDL, the row-writing code, the index document's version."""
    here = Path(__file__).parent
    code = _digest(*(((here / name).read_bytes()) for name in ROW_WRITERS),
                   DOCUMENT_VERSION.encode())
    return f"{schema_version()}:{code}"


def recorded_version(archive: Archive) -> str | None:
    try:
        row = archive.db.execute("SELECT version FROM entity_tables_state").fetchone()
    except sqlite3.OperationalError:  # no such table: the tables were never made here
        return None
    return row[0] if row else None


def prepare_tables(archive: Archive) -> bool:
    """Make the tables current for the writer pipeline; True when they were made afresh.

    Tables of another version are dropped: every article is then stale (it has no rows)
    and the pipeline run that called this derives it again. The version is recorded at
    once, as staleness is tracked per article: a run killed half-way leaves the rest
    stale, and the next one goes on.
    """
    recorded = recorded_version(archive)
    if recorded == tables_version():
        return False
    extracted = _extracted(archive)
    if extracted and recorded is not None and not recorded.endswith(":"):
        log.warning("the analysis tables are of another version: deriving them again from "
                    "%d extractions", extracted)
    elif extracted:  # none derived yet (made empty by a reader): not a change of version
        log.info("deriving the analysis tables from %d extractions", extracted)
    _create(archive, tables_version())
    return True


_READABLE: weakref.WeakSet[Archive] = weakref.WeakSet()


def ensure_readable(archive: Archive) -> None:
    """Tables whose columns a reader can query, checked once per open archive.

    Missing tables (an archive nothing was derived in yet) are created empty. Tables of
    another shape cannot be read and are made afresh, empty, with no row code recorded
    (unless there is nothing to derive), so the next ingest, crawl or reindex derives
    them all; until then analyses are empty.
    """
    if archive in _READABLE:
        return
    recorded = recorded_version(archive)
    if recorded is None or recorded.split(":")[0] != schema_version():
        if recorded is not None:
            log.warning("the analysis tables are of another shape: made empty; "
                        "`unionkb reindex` derives them again")
        _create(archive, tables_version() if not _extracted(archive) else f"{schema_version()}:")
    elif recorded != tables_version():
        # Same columns, other row code (a count's rule changed): readable, but the totals
        # and the queries over a scope may disagree until the rows are derived again.
        log.warning("the analysis tables were derived by other row code: some counts are "
                    "the old rule's until the next ingest or `unionkb reindex` derives them")
    _READABLE.add(archive)


def _extracted(archive: Archive) -> int:
    return archive.db.execute("SELECT COUNT(*) FROM articles WHERE extraction IS NOT NULL"
                              ).fetchone()[0]


def _create(archive: Archive, version: str) -> None:
    with archive.transaction() as db:
        for table in TABLES:
            db.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in (*SCHEMA.split(";"), STATE):
            if statement.strip():
                db.execute(statement)
        db.execute("DELETE FROM entity_tables_state")
        db.execute("INSERT INTO entity_tables_state (version) VALUES (?)", (version,))


def stale_article_ids(archive: Archive) -> list[str]:
    """Articles whose rows are not those of their current extraction, in archive order."""
    return [row[0] for row in archive.db.execute(STALE)]


@dataclass(frozen=True)
class TablesState:
    """Whether the analysis tables are current: what ``unionkb stats`` reports."""

    version: str | None  # recorded in the archive
    expected: str  # what this code writes
    stale: int  # articles whose rows are missing or older than their extraction

    @property
    def current(self) -> bool:
        return self.version == self.expected and self.stale == 0

    def to_dict(self) -> dict[str, Any]:
        return {"current": self.current, "version": self.version, "expected": self.expected,
                "stale_articles": self.stale}


def tables_state(archive: Archive) -> TablesState:
    """The tables' state, read only: nothing is created or rebuilt."""
    version = recorded_version(archive)
    stale = len(stale_article_ids(archive)) if version == tables_version() else _extracted(archive)
    return TablesState(version, tables_version(), stale)
