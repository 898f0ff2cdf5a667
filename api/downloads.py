"""A table as a CSV download: one response shape for every route that offers ``format=csv``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi.responses import StreamingResponse

from api.analytics.export import FORMATS, batched, csv_chunks

CSV_MEDIA_TYPE = FORMATS["csv"][0]
# The 200 answer of a route with a table: the JSON model (the route's), or with
# format=csv the table as text/csv.
CSV_RESPONSES: dict[int | str, dict[str, Any]] = {200: {
    "description": "JSON; with format=csv, every row of the table as a CSV attachment.",
    "content": {"text/csv": {"schema": {"type": "string"}}},
}}


def csv_download(name: str, columns: Sequence[str],
                 records: Iterable[Mapping[str, Any]]) -> StreamingResponse:
    """``records`` as ``unionkb-NAME.csv``, written as they are read."""
    return StreamingResponse(
        batched(csv_chunks(columns, records)), media_type=CSV_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="unionkb-{name}.csv"'})
