"""Entity tables: the extraction JSON of each article, flattened into rows the analyses query.

The programme catalogue, similar programmes, the figure ledger and the comparison
read entities of thousands of articles per request. Parsing each article's JSON
every time does not scale, so the archive keeps these tables beside it:

``entity_articles``     one row per extracted article: what a citation and a map need
                        (title, date, newspaper, page, URL, primary region), and whether it
                        is a duplicate (left out, as the index leaves it out)
``article_facets``      the facet values the index filters on (province, programme, year…),
                        so a search made of filters only is answered here, without the index
``article_programmes``  one row per programme an article names: what the catalogue counts
``programme_mentions``  one row per mention of a programme, with the words around it
                        (``context``) and their jieba terms (``context_terms``, computed once,
                        here, rather than on every "similar programmes" request)
``figures``             one row per numeric claim, with the phrase an editor would quote, the
                        place it is about (resolved in the gazetteer) and the values its
                        qualifier allows (``low``/``high``), so conflicts are found in SQL

They are derived data. ``Archive`` rewrites an article's rows in the transaction that
changes its extraction or its record, creates the tables when it opens an archive that
has none, and fills them from the extractions there (once, recorded by
``TABLES_VERSION``); ``unionkb reindex`` rebuilds them all with ``rebuild_entity_tables``.
"""

from __future__ import annotations

import json
import logging
import math
import sqlite3
import sys
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from indexer.dates import date_key
from indexer.documents import index_document
from indexer.models import Article
from indexer.search.fields import keyword_values
from indexer.search.query import FACETS

if TYPE_CHECKING:
    from indexer.archive import Archive

# Bump when a table's shape or what goes into it changes: archives are rebuilt on open.
TABLES_VERSION = "3"
TABLES = ("entity_articles", "article_facets", "article_programmes", "programme_mentions",
          "figures")
REBUILD_BATCH = 500
CONTEXT_WINDOW = 60  # characters each side of a mention whose words describe a programme
EXCERPT_WIDTH = 40  # characters each side of a mention shown to a reader
TERM_SEPARATOR = " "  # jieba never returns a token with whitespace in it
# Words every union report uses: they would make every programme similar to every other.
STOPWORDS = frozenset({
    "工会", "职工", "开展", "工作", "推动", "进行", "通过", "实施", "活动", "项目", "我们",
    "他们", "以及", "同时", "还", "并", "等", "在", "和", "与", "为", "了", "的", "是",
    "今年", "近日", "日前", "据悉", "目前", "记者", "本报讯", "一个", "进一步", "不断",
    "推出", "提供", "即可", "积极", "有效", "相关", "已经", "其中", "此外", "表示", "介绍",
})

SCHEMA = """
CREATE TABLE IF NOT EXISTS entity_articles (
    article_id TEXT PRIMARY KEY,
    canonical INTEGER NOT NULL,
    source TEXT, title TEXT, date TEXT, date_key INTEGER, year TEXT, page TEXT, url TEXT,
    primary_region TEXT,
    province TEXT, county TEXT, level TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entity_articles_date ON entity_articles(canonical, date_key);
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
    PRIMARY KEY (article_id, name)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_programmes_name ON article_programmes(name);
CREATE TABLE IF NOT EXISTS programme_mentions (
    article_id TEXT NOT NULL,
    entry INTEGER NOT NULL,
    mention INTEGER NOT NULL,
    name TEXT NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    context TEXT,
    context_terms TEXT,
    PRIMARY KEY (article_id, entry, mention)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS programme_mentions_name ON programme_mentions(name);
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
    PRIMARY KEY (article_id, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS figures_metric ON figures(metric);
CREATE TABLE IF NOT EXISTS entity_tables_state (version TEXT NOT NULL);
"""
# ``article_programmes`` keeps, for a name an article gives twice, its first entry's kind
# and mention count. In ``programme_mentions``, ``entry`` is the programme's position in
# the extraction's list and ``mention`` the mention's position in the entry (0 with NULL
# spans when the entry has none). ``figures.value`` has no declared type on purpose: 7100
# stays an integer and 0.6 a real; ``seq`` is the figure's position in the extraction's
# list, so a ledger row id ``article:seq`` stays stable; ``high`` is NULL when open-ended
# (以上); ``region`` is the place as JSON (the figure's own, or the article's primary
# region), ``place`` its adcode or else its name: what two figures must share to conflict.

log = logging.getLogger(__name__)


# -- text helpers, used at write time ---------------------------------------------------


Token = tuple[str, int, int]  # word, start, end
NAMED = ("regions", "localities", "orgs", "people")  # who and where, not what is done


def content_tokens(text: str, extraction: Mapping[str, Any],
                   ranges: list[tuple[int, int]]) -> list[Token]:
    """The content words of ``text`` within ``ranges``, without places, bodies and people.

    Similar programmes are similar in what they do; 青海 or 总工会 next to two
    programmes says nothing about that, so named mentions do not count.
    """
    from indexer.search.analysis import token_spans

    named = bytearray(len(text))  # 1 where a named mention covers the character
    for start, end in _named_spans(extraction):
        named[start:end] = b"\x01" * len(named[start:end])
    return [(sys.intern(word), lo + start, lo + end)
            for lo, hi in ranges for word, start, end in token_spans(text[lo:hi])
            if _is_content_word(word) and not any(named[lo + start:lo + end])]


def context_ranges(spans: list[tuple[int, int]], size: int,
                   window: int = CONTEXT_WINDOW) -> list[tuple[int, int]]:
    """The text around the mentions, overlapping windows merged: all that needs words."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        lo, hi = max(0, start - window), min(size, end + window)
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _named_spans(extraction: Mapping[str, Any]) -> Iterator[tuple[int, int]]:
    for kind in NAMED:
        for entity in extraction.get(kind) or []:
            for mention in entity.get("mentions") or []:
                if len(mention) >= 2 and 0 <= mention[0] < mention[1]:
                    yield int(mention[0]), int(mention[1])


def context_terms(tokens: list[Token], start: int, end: int,
                  window: int = CONTEXT_WINDOW) -> tuple[str, ...]:
    """The content words within ``window`` characters of a mention, not the mention's own."""
    lo, hi = start - window, end + window
    return tuple(word for word, s, e in tokens
                 if s >= lo and e <= hi and not (s < end and start < e))


def _is_content_word(token: str) -> bool:
    return len(token) > 1 and token not in STOPWORDS and not any(c.isdigit() for c in token)


def excerpt(text: str, start: int, end: int, width: int = EXCERPT_WIDTH) -> str:
    """The words around a mention, with the mention itself, on one line."""
    lo, hi = max(0, start - width), min(len(text), end + width)
    shown = text[lo:hi].replace("\n", " ")
    return ("…" if lo > 0 else "") + shown + ("…" if hi < len(text) else "")


def figure_phrase(text: str, figure: Mapping[str, Any]) -> str:
    """The figure as a reader quotes it: the span and, when it follows, what it counts.

    The NLP's span is the number and its unit (7100多家); an editor checks
    "7100多家职工书屋", so the metric is added back when the text continues with it.
    """
    span, metric, end = figure.get("text") or "", figure.get("metric") or "", figure.get("end")
    if metric and isinstance(end, int) and text[end:end + len(metric)] == metric:
        return span + metric
    return span


# -- what a figure's qualifier allows ----------------------------------------------------

AT_LEAST = frozenset({"以上", "超过", "超", "逾", "不少于", "至少"})
A_BIT_MORE = frozenset({"多", "余", "余个", "多个"})
NEARLY = frozenset({"近", "将近", "接近", "近乎"})
ABOUT = frozenset({"约", "大约", "左右", "上下", "约为"})
AT_MOST = frozenset({"不到", "以下", "不足", "不超过", "以内"})
ABOUT_SPREAD = 0.1  # 约 / 左右: within ten per cent


def value_range(value: float, qualifier: str | None) -> tuple[float, float]:
    """The values a figure allows, as a closed range (``math.inf`` when open-ended).

    7100多 is 7100–7199, 6万以上 is 60000 or more, 近300 is a little under 300.
    """
    q = qualifier or ""
    if q in AT_LEAST:
        return value, math.inf
    if q in A_BIT_MORE:
        return value, value + _step(value) * 0.999
    if q in NEARLY:
        return value * (1 - ABOUT_SPREAD), value
    if q in ABOUT:
        return value * (1 - ABOUT_SPREAD), value * (1 + ABOUT_SPREAD)
    if q in AT_MOST:
        return 0.0, value
    return value, value


def _step(value: float) -> float:
    """The unit of the last written digit: 7100 → 100, 50 → 10, 20000000 → 10000000."""
    if value <= 0:
        return 1.0
    if float(value).is_integer():
        number, step = int(value), 1
        while number % 10 == 0:
            number, step = number // 10, step * 10
        return float(step)
    decimals = len(repr(float(value)).split(".")[1])
    return 10.0 ** -decimals


# -- schema and migration ----------------------------------------------------------------


def create_entity_tables(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)


def migrate_entity_tables(archive: Archive) -> None:
    """Create the tables, and fill them when they were made by no or another version.

    An archive extracted before the tables existed (or before their shape changed)
    would otherwise answer every analysis from empty tables. A run stopped half-way
    leaves the version unrecorded, so the next open starts again.
    """
    db = archive.db
    if _recorded_version(db) == TABLES_VERSION:
        return
    with db:
        for table in TABLES:
            db.execute(f"DROP TABLE IF EXISTS {table}")
    create_entity_tables(db)
    extracted = db.execute("SELECT COUNT(*) FROM articles WHERE extraction IS NOT NULL"
                           ).fetchone()[0]
    if extracted:
        log.warning("building the entity tables from %d extractions (once, after an upgrade)",
                    extracted)
        rebuild_entity_tables(archive)
    with db:
        db.execute("DELETE FROM entity_tables_state")
        db.execute("INSERT INTO entity_tables_state (version) VALUES (?)", (TABLES_VERSION,))


def _recorded_version(db: sqlite3.Connection) -> str | None:
    try:
        row = db.execute("SELECT version FROM entity_tables_state").fetchone()
    except sqlite3.OperationalError:  # no such table: an archive from before the tables
        return None
    return row[0] if row else None


def rebuild_entity_tables(archive: Archive) -> int:
    """Every article's rows rewritten from its extraction JSON; returns how many have one.

    Batch by batch, each its own transaction, so a crawl writing meanwhile waits
    for one batch, not for the whole archive.
    """
    db, written = archive.db, 0
    for batch in _id_batches(db):
        with db:
            for article_id in batch:
                written += refresh_entities(db, article_id)
    with db:
        for table in TABLES:  # rows of articles that are gone
            db.execute(f"DELETE FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)")
    return written


def _id_batches(db: sqlite3.Connection) -> Iterator[list[str]]:
    ids = [row[0] for row in db.execute("SELECT id FROM articles ORDER BY rowid")]
    for start in range(0, len(ids), REBUILD_BATCH):
        yield ids[start:start + REBUILD_BATCH]


# -- writing one article ------------------------------------------------------------------


def refresh_entities(db: sqlite3.Connection, article_id: str) -> bool:
    """Rewrite an article's rows from what the archive holds now; False if it has no extraction.

    Call inside the transaction that changed the article.
    """
    row = db.execute("SELECT record, duplicate_of, extraction FROM articles WHERE id = ?",
                     (article_id,)).fetchone()
    if row is None or not row[2]:
        delete_entities(db, article_id)
        return False
    article = Article.from_dict(json.loads(row[0]))
    write_entities(db, article, json.loads(row[2]), canonical=row[1] is None)
    return True


def delete_entities(db: sqlite3.Connection, article_id: str) -> None:
    for table in TABLES:
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))


def write_entities(db: sqlite3.Connection, article: Article, extraction: Mapping[str, Any],
                   canonical: bool) -> None:
    """Replace the article's rows with those ``extraction`` gives."""
    delete_entities(db, article.id)
    db.execute(f"INSERT INTO entity_articles VALUES ({_marks(13)})",
               article_row(article, extraction, canonical))
    db.executemany("INSERT OR IGNORE INTO article_facets VALUES (?,?,?)",
                   facet_rows(article, extraction))
    db.executemany("INSERT OR IGNORE INTO article_programmes VALUES (?,?,?,?)",
                   article_programme_rows(article, extraction))
    db.executemany(f"INSERT INTO programme_mentions VALUES ({_marks(8)})",
                   mention_rows(article, extraction))
    db.executemany(f"INSERT INTO figures VALUES ({_marks(18)})", figure_rows(article, extraction))


def _marks(count: int) -> str:
    return ",".join("?" * count)


def article_row(article: Article, extraction: Mapping[str, Any], canonical: bool) -> tuple:
    primary = extraction.get("primary_region") or None
    place = primary or {}
    return (
        article.id, int(canonical), article.source, article.title, article.date,
        date_key(article.date), article.year, article.page, article.url,
        _json(primary), place.get("province"), place.get("county"), place.get("level"),
    )


def facet_rows(article: Article, extraction: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """The facet values of the article's index document: the same values, by construction."""
    doc = index_document(article, dict(extraction))
    return [(facet, value, article.id) for facet in FACETS for value in keyword_values(doc[facet])]


def _programmes(extraction: Mapping[str, Any]) -> Iterator[tuple[int, Mapping[str, Any]]]:
    for entry, programme in enumerate(extraction.get("programmes") or []):
        if programme.get("name"):
            yield entry, programme


def article_programme_rows(article: Article, extraction: Mapping[str, Any]) -> Iterator[tuple]:
    """One row per name; ``INSERT OR IGNORE`` keeps the first entry of a name given twice."""
    for _, programme in _programmes(extraction):
        mentions = len(programme.get("mentions") or [])
        yield article.id, programme["name"], programme.get("kind") or None, mentions


def mention_rows(article: Article, extraction: Mapping[str, Any]) -> Iterator[tuple]:
    text = article.text
    programmes = list(_programmes(extraction))
    every_span = [span for _, programme in programmes for span in _spans(programme)]
    tokens = content_tokens(text, extraction, context_ranges(every_span, len(text)))
    for entry, programme in programmes:
        head = (article.id, entry)
        spans = _spans(programme)
        if not spans:
            yield (*head, 0, programme["name"], None, None, None, None)
        for mention, (start, end) in enumerate(spans):
            terms = TERM_SEPARATOR.join(context_terms(tokens, start, end))
            yield (*head, mention, programme["name"], start, end, excerpt(text, start, end),
                   terms)


def _spans(programme: Mapping[str, Any]) -> list[tuple[int, int]]:
    return [(int(m[0]), int(m[1])) for m in programme.get("mentions") or [] if len(m) >= 2]


def figure_rows(article: Article, extraction: Mapping[str, Any]) -> Iterator[tuple]:
    """Figures with a number (the others cannot be compared), each at its list position."""
    text = article.text
    for seq, figure in enumerate(extraction.get("figures") or []):
        value = figure.get("value")
        if not isinstance(value, int | float):
            continue
        low, high = value_range(float(value), figure.get("qualifier"))
        region = figure_region(figure, extraction)
        place = region or {}
        yield (
            article.id, seq, value, figure.get("unit"), figure.get("metric"),
            figure.get("qualifier"), figure.get("change"), figure.get("text"),
            figure_phrase(text, figure), figure.get("sentence"),
            _int_or_none(figure.get("start")), _int_or_none(figure.get("end")),
            low, None if math.isinf(high) else high, _json(region),
            place.get("adcode"), place.get("province"), place.get("adcode") or place.get("name"),
        )


def figure_region(figure: Mapping[str, Any], extraction: Mapping[str, Any]
                  ) -> Mapping[str, Any] | None:
    """The place a figure is about: its own region if the NLP found one, else the article's.

    The NLP gives a region as an adcode, which the gazetteer turns into a place.
    """
    region = figure.get("region")
    if isinstance(region, Mapping):
        return region or None
    if isinstance(region, str) and region.isdigit():
        return _gazetteer_region(region)
    return extraction.get("primary_region") or None


def _gazetteer_region(adcode: str) -> Mapping[str, Any] | None:
    from indexer.nlp.gazetteer import gazetteer

    try:
        return gazetteer().get(adcode)
    except KeyError:
        return None


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) else None


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)
