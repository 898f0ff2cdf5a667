"""Time the analysis endpoints (issue 6) on a synthetic archive of real extractions.

    python bench/bench_analytics.py [--articles 10000] [--seed 7] [--repeat 5]
                                    [--home DIR] [--json]

The bundled sample page and the analytics test corpus go through the real
pipeline (store, extract, index); their articles are then copied to ``--articles``
records, each with a new id, date and newspaper and a numbered last line (so no copy
is a duplicate), and each copy is given its template's extraction unchanged through
``Archive.set_extraction``, then indexed with ``index_pending``, which derives each
copy's analysis-table rows (``indexer.tables``) on the way: that cost shows in "index"
(before the tables left the archive, set_extraction derived them, in "copy extractions").

Then each endpoint is requested in-process through the FastAPI app: once cold (a new
app: empty per-process caches) and ``--repeat`` times warm (median). jieba, the
gazetteer and the NLP pipeline are loaded before the first request, so "cold" is the
analysis's own first-use cost, not the libraries'. With ``--home`` the archive is
kept there and reused by later runs (built only if the folder has none).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from indexer.archive import Archive  # noqa: E402
from indexer.config import Settings  # noqa: E402
from indexer.ingest import (  # noqa: E402
    extraction_version,
    index_pending,
    process_pending,
    store_articles,
)
from indexer.models import Article  # noqa: E402
from indexer.search import open_backend  # noqa: E402
from indexer.sources import SOURCES  # noqa: E402

SAMPLE = ROOT / "crawler" / "data" / "sample_page.txt"
CORPUS = ROOT / "tests" / "fixtures" / "corpus" / "articles.json"
FOUR = ("甘肃省", "青海省", "山东省", "内蒙古自治区")
ENDPOINTS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("catalogue", "/api/programmes", {}),
    ("catalogue province=山东省", "/api/programmes", {"province": "山东省"}),
    ("catalogue q=职工", "/api/programmes", {"q": "职工"}),
    ("programme 工会驿站", "/api/programmes/工会驿站", {}),
    ("similar 暖新保", "/api/programmes/暖新保/similar", {}),
    ("figure ledger", "/api/figures", {}),
    ("figure ledger metric=职工书屋", "/api/figures", {"metric": "职工书屋"}),
    ("figure check", "/api/figures/check", {"text": "7100多家职工书屋"}),
    ("compare 4 provinces", "/api/compare", {"province": list(FOUR)}),
    ("timeline by province", "/api/timeline", {"by": "province"}),
    ("export json", "/api/export", {"format": "json"}),
)


# -- the synthetic archive --------------------------------------------------------------


def template_articles() -> list[Article]:
    from crawler.textdump import articles_from_page_text

    sample = articles_from_page_text(SAMPLE.read_text("utf-8"), "grrb", "2025-03", None)
    corpus = [Article.from_dict(r) for r in json.loads(CORPUS.read_text("utf-8"))]
    return [*sample, *corpus]


def copies(templates: list[Article], count: int, seed: int) -> Iterator[Article]:
    """Distinct articles with their template's text, so its extraction still fits."""
    rng, codes = random.Random(seed), sorted(SOURCES)
    for number in range(count):
        template = templates[number % len(templates)]
        date = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        body = f"{template.body}\n（{number}）"
        yield Article.from_dict({
            **template.to_dict(), "id": f"bench-{number:07d}", "date": date, "body": body,
            "url": f"https://example.org/bench/{number}.html", "source": rng.choice(codes),
            "content_hash": "", "fetched_at": "",  # computed anew for the new body
        })


def build(settings: Settings, count: int, seed: int) -> dict[str, float]:
    """Templates through the real pipeline, then ``count`` copies of them; seconds per step."""
    settings.ensure_home()
    archive, backend = Archive(settings.archive_path), open_backend(settings)
    try:
        templates = template_articles()
        store_articles(templates, archive, "bench")
        process_pending(archive, backend)
        extractions = {t.id: archive.get_extraction(t.id) for t in templates}
        made = list(copies(templates, count, seed))
        steps = {"store copies": lambda: store_articles(made, archive, "bench"),
                 "copy extractions": lambda: _copy_extractions(archive, made, templates,
                                                               extractions),
                 "index": lambda: index_pending(archive, backend)}
        return {name: _seconds(step) for name, step in steps.items()}
    finally:
        backend.close()
        archive.close()


def _copy_extractions(archive: Archive, made: list[Article], templates: list[Article],
                      extractions: dict[str, Any]) -> None:
    version = extraction_version()
    for number, article in enumerate(made):
        extraction = extractions[templates[number % len(templates)].id]
        archive.set_extraction(article.id, extraction, version)


def _seconds(step: Callable[[], Any]) -> float:
    start = time.perf_counter()
    step()
    return round(time.perf_counter() - start, 2)


# -- timing the endpoints ---------------------------------------------------------------


def preload() -> None:
    """Libraries every first request would load, so "cold" is the analysis's own cost."""
    from indexer.nlp.gazetteer import gazetteer
    from indexer.nlp.pipeline import extract
    from indexer.search.analysis import analyze

    gazetteer()
    analyze("工会驿站")
    extract("内蒙古有7100多家职工书屋。")


def time_endpoints(settings: Settings, repeat: int) -> dict[str, dict[str, Any]]:
    from fastapi.testclient import TestClient

    from api.app import create_api
    from api.services import open_services

    results = {}
    with TestClient(create_api(open_services(settings))) as client:
        client.app.state.services.regions  # noqa: B018 - the gazetteer index, built once
        for label, path, params in ENDPOINTS:
            cold, size = _request(client, path, params)
            warm = [_request(client, path, params)[0] for _ in range(repeat)]
            results[label] = {"cold_s": round(cold, 3), "warm_s": round(statistics.median(warm), 3),
                              "bytes": size}
    return results


def _request(client: Any, path: str, params: dict[str, Any]) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(path, params=params)
    elapsed = time.perf_counter() - start
    if response.status_code != 200:
        raise SystemExit(f"{path} {params}: HTTP {response.status_code}: {response.text[:300]}")
    return elapsed, len(response.content)


def run(count: int, seed: int, repeat: int, home: Path) -> dict[str, Any]:
    settings = Settings(home=home)
    built = {} if settings.archive_path.exists() else build(settings, count, seed)
    preload()
    with Archive(settings.archive_path) as archive:
        articles = archive.count()
    return {"articles": articles, "build_s": built, "endpoints": time_endpoints(settings, repeat)}


def print_report(result: dict[str, Any]) -> None:
    print(f"archive          {result['articles']} articles")
    for step, seconds in result["build_s"].items():
        print(f"  {step:<30} {seconds:>8.2f} s")
    print(f"{'endpoint':<32} {'cold s':>8} {'warm s':>8} {'bytes':>10}")
    for label, row in result["endpoints"].items():
        print(f"{label:<32} {row['cold_s']:>8.3f} {row['warm_s']:>8.3f} {row['bytes']:>10}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="copies (default 10000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed of dates and sources")
    parser.add_argument("--repeat", type=int, default=5, help="warm requests per endpoint")
    parser.add_argument("--home", type=Path, help="keep the archive here and reuse it")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = run(args.articles, args.seed, args.repeat, args.home or Path(tmp))
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else "", end="")
    if not args.json:
        print_report(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
