"""Benchmark the embedded search backend on a synthetic corpus of union reports.

    python bench/bench_search.py [--docs 20000] [--seed 7] [--repeat 30] [--json]

Generates N plausible index documents (titles, bodies, regions, organisations,
programmes, themes, dates) from word lists, indexes them into a temporary tantivy
index the way ``unionkb reindex`` does, then reports indexing throughput, query
latency (p50/p95, facets counted) for a few typical queries, index size on disk,
and the peak resident memory of the process. Reproducible for a given seed.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
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

from bench.measure import dir_size, percentile  # noqa: E402
from indexer.dates import date_key  # noqa: E402
from indexer.search.facet_pages import FacetRequest  # noqa: E402
from indexer.search.fields import derived_values  # noqa: E402
from indexer.search.query import SearchQuery  # noqa: E402
from indexer.search.tantivy_backend import TantivyBackend  # noqa: E402

# -- word lists -----------------------------------------------------------------------

REGIONS: dict[str, dict[str, list[str]]] = {
    "青海省": {"西宁市": ["城东区", "湟中区"], "海东市": ["乐都区", "互助土族自治县"]},
    "甘肃省": {"张掖市": ["民乐县", "甘州区"], "兰州市": ["城关区", "七里河区"]},
    "山东省": {"日照市": ["莒县", "东港区"], "济南市": ["历下区", "章丘区"]},
    "内蒙古自治区": {"呼和浩特市": ["新城区", "赛罕区"], "包头市": ["昆都仑区", "青山区"]},
    "吉林省": {"长春市": ["朝阳区", "南关区"], "吉林市": ["船营区", "丰满区"]},
    "广东省": {"广州市": ["天河区", "越秀区"], "深圳市": ["南山区", "福田区"]},
    "浙江省": {"杭州市": ["西湖区", "余杭区"], "宁波市": ["鄞州区", "海曙区"]},
    "四川省": {"成都市": ["武侯区", "双流区"], "绵阳市": ["涪城区", "游仙区"]},
}
PROGRAMMES = [
    "工会驿站", "暖新保", "高原氧吧", "三级对话", "爱心互献", "职工书屋", "劳动者说",
    "娘家人", "金秋助学", "送清凉", "大国工匠", "职工之家", "安康杯", "春送岗位",
]
THEMES = ["职工服务", "劳动关系", "新就业形态", "困难帮扶", "劳模工匠", "职工文化", "技能提升"]
SOURCES = ["工人日报", "青海日报", "甘肃日报", "大众日报", "南方工报", "浙江工人日报"]
GROUPS = ["快递员", "外卖骑手", "环卫工人", "货车司机", "农民工", "一线职工", "网约车司机"]
ACTIONS = ["建成", "新建", "改造提升", "命名", "打造"]
VERBS = ["开展", "推进", "深化", "启动", "推广"]
SENTENCES = [
    "{org}{verb}“{programme}”活动，为{group}提供休息、饮水、充电等服务。",
    "截至目前，{county}已{action}{n}个{programme}，覆盖职工{m}余人。",
    "{org}负责人表示，将持续深化“{programme}”品牌建设，让{group}感受到娘家人的温暖。",
    "今年以来，{city}各级工会围绕{theme}{verb}专项行动，职工满意度达到{p}%以上。",
    "活动现场，工会干部向{group}发放慰问品{n}份，并宣传劳动法律法规。",
    "{province}总工会将“{programme}”纳入年度重点工作，推动服务阵地向基层延伸。",
    "据统计，{city}新就业形态劳动者入会人数同比增长{p}%。",
    "职工代表说：“工会把实事办到了我们心坎上。”",
]
TITLES = [
    "{county}“{programme}”架起职工连心桥",
    "{province}工会打造“{programme}”服务品牌",
    "{city}总工会{verb}{theme}工作",
    "让{group}有“{programme}”可依",
    "{org}：用心用情当好职工“娘家人”",
]


def make_document(rng: random.Random, number: int) -> dict[str, Any]:
    province = rng.choice(list(REGIONS))
    city = rng.choice(list(REGIONS[province]))
    county = rng.choice(REGIONS[province][city])
    programmes = rng.sample(PROGRAMMES, rng.randint(1, 3))
    themes = rng.sample(THEMES, rng.randint(1, 2))
    org = f"{county}总工会"
    date = f"{rng.randint(2005, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    words = {
        "province": province, "city": city, "county": county, "org": org,
        "programme": programmes[0], "theme": themes[0], "group": rng.choice(GROUPS),
        "verb": rng.choice(VERBS), "action": rng.choice(ACTIONS),
    }

    def fill(template: str) -> str:
        numbers = {"n": rng.randint(2, 300), "m": rng.randint(100, 90000), "p": rng.randint(5, 99)}
        return template.format(**words, **numbers)

    body = "\n".join(fill(rng.choice(SENTENCES)) for _ in range(rng.randint(14, 26)))
    return {
        "id": f"bench-{number:07d}", "source": rng.choice(SOURCES), "source_code": "bench",
        "url": f"https://example.org/bench/{number}.html", "date": date,
        "date_key": date_key(date), "year": date[:4], "page": f"{rng.randint(1, 8):02d}",
        "page_name": "工会新闻", "kicker": "", "title": fill(rng.choice(TITLES)),
        "subtitle": "", "body": body, "province": [province], "city": [city],
        "county": [county], "org": [org, f"{province}总工会"], "programme": sorted(programmes),
        "theme": sorted(themes), "person": [], "primary_region": None,
        "primary_adcode": None, "lat": None, "lon": None,
    }


def generate_corpus(count: int, seed: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for number in range(count):
        yield make_document(rng, number)


# -- measurements -------------------------------------------------------------------

QUERIES: dict[str, SearchQuery] = {
    "text 工会驿站, all facets": SearchQuery(text="工会驿站"),
    "text 暖新保 + province filter": SearchQuery(text="暖新保", filters={"province": ("青海省",)}),
    "filters only, newest first": SearchQuery(
        filters={"province": ("甘肃省", "山东省"), "year": ("2020", "2021")}, sort="-date"),
    "3 words + date range": SearchQuery(
        text="职工 服务 工会", date_from="2015-01-01", date_to="2020-12-31"),
    # The query language (issue 14): OR with NOT, and a phrase.
    "驿站 OR 书屋 -暖新保": SearchQuery(text="(驿站 OR 书屋) -暖新保"),
    'phrase "服务阵地"': SearchQuery(text='"服务阵地"'),
    # What the API asks by default: each story once (leads only; here every article).
    "text 工会驿站, count=stories": SearchQuery(text="工会驿站", count="stories"),
}


def timed(action: Callable[[], Any], repeat: int) -> list[float]:
    action()  # warm-up: first use loads jieba and the searcher
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run(docs: int, seed: int, repeat: int) -> dict[str, Any]:
    corpus = list(generate_corpus(docs, seed))
    chars = sum(len(d["title"]) + len(d["body"]) for d in corpus)
    sample = corpus[: min(len(corpus), 2000)]
    derived_values(sample[0])  # loads jieba: not part of the rate
    start = time.perf_counter()
    for doc in sample:
        derived_values(doc)
    analysis_rate = len(sample) / (time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as tmp:
        backend = TantivyBackend(Path(tmp) / "index")
        start = time.perf_counter()
        report = backend.rebuild(iter(corpus))
        index_seconds = time.perf_counter() - start
        latencies = {name: timed(lambda q=q: backend.search(q), repeat)
                     for name, q in QUERIES.items()}
        latencies["histogram year × province"] = timed(
            lambda: backend.histogram(SearchQuery(), "year", by="province"), repeat)
        latencies["facet page: programme ∋ 驿站"] = timed(
            lambda: backend.facet_page(SearchQuery(text="工会"),
                                       FacetRequest("programme", contains="驿站")), repeat)
        hits = {name: backend.count(q) for name, q in QUERIES.items()}
        size = dir_size(Path(tmp) / "index")
        backend.close()
    return {
        "docs": docs, "indexed": report.indexed, "errors": len(report.errors),
        "chars_per_doc": round(chars / docs), "index_seconds": round(index_seconds, 2),
        "docs_per_second": round(docs / index_seconds),
        "analysis_only_docs_per_second": round(analysis_rate),
        "index_mb": round(size / 2**20, 1), "peak_rss_mb": round(peak_rss_mb()),
        "queries": {
            name: {"p50_ms": round(statistics.median(samples), 2),
                   "p95_ms": round(percentile(samples, 0.95), 2), "hits": hits.get(name)}
            for name, samples in latencies.items()
        },
    }


def print_report(result: dict[str, Any]) -> None:
    print(f"documents        {result['indexed']} indexed, {result['errors']} rejected, "
          f"~{result['chars_per_doc']} characters each")
    print(f"indexing         {result['index_seconds']} s = {result['docs_per_second']} docs/s "
          f"(jieba analysis alone: {result['analysis_only_docs_per_second']} docs/s)")
    print(f"index on disk    {result['index_mb']} MB")
    print(f"peak RSS         {result['peak_rss_mb']} MB")
    print("query latency    p50 / p95 (ms), every facet counted")
    for name, q in result["queries"].items():
        hits = "" if q["hits"] is None else f"  [{q['hits']} hits]"
        print(f"  {name:<32} {q['p50_ms']:>8} / {q['p95_ms']:<8}{hits}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000, help="corpus size (default 20000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed of the corpus")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per query")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    result = run(args.docs, args.seed, args.repeat)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
