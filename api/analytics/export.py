"""Every hit of a search as CSV, JSON, RIS or GB/T 7714 citations, streamed.

Each record carries what a citation needs: authors, title, newspaper, date, page
(版次) and URL. GB/T 7714-2015 cites a newspaper article as

    作者. 题名[N]. 报纸名, 出版日期(版次).

and an online one as ``[N/OL]`` with the date it was consulted and its URL.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from api.analytics.scope import ScopedArticle

FORMATS: dict[str, tuple[str, str]] = {  # format -> (media type, file extension)
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json", "json"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "gbt7714": ("text/plain; charset=utf-8", "txt"),
}
CSV_COLUMNS = ("id", "title", "kicker", "subtitle", "authors", "source", "date", "page",
               "page_name", "url", "provinces", "programmes", "themes", "citation")
MAX_GBT_AUTHORS = 3  # GB/T 7714: the first three, then 等
STREAM_BATCH = 200  # records per chunk of the streamed response


def export_record(scoped: ScopedArticle, today: date | None = None) -> dict[str, Any]:
    article, doc = scoped.article, scoped.doc
    record = {
        "id": article.id,
        "title": article.title,
        "kicker": article.kicker,
        "subtitle": article.subtitle,
        "authors": [*article.reporters, *article.correspondents, *article.photographers],
        "source": article.source_name,
        "date": article.date,
        "page": article.page,
        "page_name": article.page_name,
        "url": article.url,
        "provinces": list(doc.get("province") or []),
        "programmes": list(doc.get("programme") or []),
        "themes": list(doc.get("theme") or []),
    }
    record["citation"] = gbt7714(record, today or date.today())
    return record


def gbt7714(record: dict[str, Any], consulted: date) -> str:
    """One GB/T 7714-2015 reference for a newspaper article."""
    authors = record["authors"]
    names = ", ".join(authors[:MAX_GBT_AUTHORS])
    if len(authors) > MAX_GBT_AUTHORS:
        names += ", 等"
    title = record["title"] + (f": {record['subtitle']}" if record.get("subtitle") else "")
    kind = "N/OL" if record.get("url") else "N"
    where = f"{record['source']}, {record['date'] or 'n.d.'}"
    if record.get("page"):
        where += f"({_page_number(record['page'])})"
    head = f"{names}. " if names else ""
    if record.get("url"):
        return f"{head}{title}[{kind}]. {where}[{consulted.isoformat()}]. {record['url']}."
    return f"{head}{title}[{kind}]. {where}."


def _page_number(page: str) -> str:
    # 版次 "03" is cited as (3)
    return page.lstrip("0") or page


def render(records: Iterable[dict[str, Any]], fmt: str) -> Iterator[str]:
    """The export as chunks of text, one record at a time."""
    writers = {"csv": _csv, "json": _json, "ris": _ris, "gbt7714": _gbt}
    return writers[fmt](records)


def batched(chunks: Iterable[str], size: int = STREAM_BATCH) -> Iterator[str]:
    """Chunks joined ``size`` at a time: each one is a trip through the server's event loop."""
    batch: list[str] = []
    for chunk in chunks:
        batch.append(chunk)
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def _csv(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    return csv_chunks(CSV_COLUMNS, records)


def csv_chunks(columns: Sequence[str], records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """A header of ``columns`` and a line per record (its missing keys empty): the one CSV
    writer of the project, used by every table the site offers as CSV."""
    # The byte-order mark lets Excel, which many users here open CSV with, read UTF-8.
    yield "\ufeff" + _csv_line(columns)
    for record in records:
        yield _csv_line([_cell(record.get(c)) for c in columns])


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 7100.0 is written 7100
    return "" if value is None else str(value)


def _csv_line(values: Iterable[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(spreadsheet_safe(v) for v in values)
    return buffer.getvalue()


# A cell starting with one of these is a formula to Excel, LibreOffice and Sheets:
# "=HYPERLINK(...)" in a title would run on the reader's machine (OWASP, CSV Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """``cell`` as a spreadsheet shows it literally: a leading ' where it could start a formula.

    Every CSV the project writes goes through this (OWASP's advice: prefix a single quote).
    """
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def _json(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield "["
    for n, record in enumerate(records):
        yield ("," if n else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]\n"


def _ris(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        yield "".join(f"{tag}  - {value}\r\n" for tag, value in ris_fields(record))


def ris_fields(record: dict[str, Any]) -> list[tuple[str, str]]:
    fields = [("TY", "NEWS"), ("TI", record["title"])]
    fields += [("AU", name) for name in record["authors"]]
    fields += [("T2", record["source"])]
    if record.get("date"):
        parts = record["date"].split("-")
        fields += [("PY", parts[0]), ("DA", "/".join(parts + [""] * (3 - len(parts))) + "/")]
    if record.get("page"):
        fields.append(("SP", record["page"]))
    if record.get("url"):
        fields.append(("UR", record["url"]))
    fields += [("KW", kw) for kw in record["programmes"]]
    fields += [("ID", record["id"]), ("ER", "")]
    return fields


def _gbt(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for n, record in enumerate(records, start=1):
        yield f"[{n}] {record['citation']}\n"
