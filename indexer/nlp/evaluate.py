"""Measure extraction against hand-annotated reports (the JSON Lines gold format).

Each line holds ``{"id", "text", "gold": {"province", "city", "county", "regions",
"orgs", "programmes", "figures", "people"}}``. Kinds are compared as the annotation
rules define them:

* regions by full official name, each unit once;
* orgs by name, union bodies only (the gold lists no employers or government bodies);
* programmes by name; people by name;
* figures by (value, unit), after keeping one figure per distinct (value, unit, text)
  as the gold does, so a number repeated with the same wording counts once.

Scores are micro-averaged over all articles. The primary region is right for a level
when the province (city, county) name equals the gold one, None included.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from indexer.nlp.pipeline import extract

KINDS = ("regions", "orgs", "programmes", "figures", "people")
LEVELS = ("province", "city", "county")


def evaluate(gold_path: Path) -> dict[str, Any]:
    """Run extraction on every gold article; return per-kind scores, primary accuracy, errors."""
    counts = {kind: Counter() for kind in KINDS}
    primary_right = Counter()
    errors = []
    articles = list(_read_gold(gold_path))
    for article in articles:
        result = extract(article["text"])
        gold = article["gold"]
        article_errors: dict[str, Any] = {"id": article.get("id")}
        for kind in KINDS:
            predicted, expected = _items(kind, result), _gold_items(kind, gold)
            tp = sum((predicted & expected).values())
            counts[kind].update(tp=tp, fp=sum(predicted.values()) - tp,
                                fn=sum(expected.values()) - tp)
            misses = sorted(map(_show, (expected - predicted).elements()))
            false_positives = sorted(map(_show, (predicted - expected).elements()))
            if misses or false_positives:
                article_errors[kind] = {"misses": misses, "false_positives": false_positives}
        primary = result["primary_region"] or {}
        for level in LEVELS:
            if primary.get(level) == gold.get(level):
                primary_right[level] += 1
            else:
                article_errors.setdefault("primary", {})[level] = {
                    "expected": gold.get(level), "got": primary.get(level)}
        if len(article_errors) > 1:
            errors.append(article_errors)
    return {
        "gold": str(gold_path),
        "articles": len(articles),
        "kinds": {kind: _scores(counts[kind]) for kind in KINDS},
        "primary": {level: _ratio(primary_right[level], len(articles)) for level in LEVELS},
        "errors": errors,
    }


def format_report(report: dict[str, Any], errors: bool = False) -> str:
    """The scores as a text table; with ``errors``, every miss and false positive by article."""
    lines = [f"{report['articles']} articles from {report['gold']}", "",
             f"{'kind':<11}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for kind, s in report["kinds"].items():
        lines.append(f"{kind:<11}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
                     f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")
    lines.append("")
    lines.append("primary region accuracy: " + ", ".join(
        f"{level} {value:.1%}" for level, value in report["primary"].items()))
    if errors:
        lines += ["", *_error_lines(report["errors"])]
    return "\n".join(lines)


def _error_lines(errors: list[dict[str, Any]]) -> Iterable[str]:
    for article in errors:
        yield f"[{article['id']}]"
        for level, detail in article.get("primary", {}).items():
            yield f"  primary {level}: expected {detail['expected']}, got {detail['got']}"
        for kind in KINDS:
            if kind in article:
                for miss in article[kind]["misses"]:
                    yield f"  {kind} miss: {miss}"
                for fp in article[kind]["false_positives"]:
                    yield f"  {kind} false positive: {fp}"


def _read_gold(path: Path) -> Iterable[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not a JSON object ({exc.msg})") from exc
            if "text" not in record or "gold" not in record:
                raise ValueError(f"{path}:{number}: a gold line needs 'text' and 'gold'")
            yield record


def _items(kind: str, result: dict[str, Any]) -> Counter:
    if kind == "regions":
        return Counter({r["name"] for r in result["regions"]})
    if kind == "orgs":
        return Counter({o["name"] for o in result["orgs"] if o["kind"] == "union"})
    if kind == "figures":
        distinct = {(_num(f["value"]), f["unit"], f["text"]) for f in result["figures"]}
        return Counter((value, unit) for value, unit, _ in distinct)
    return Counter({item["name"] for item in result[kind]})


def _gold_items(kind: str, gold: dict[str, Any]) -> Counter:
    if kind == "figures":
        return Counter((_num(f["value"]), f["unit"]) for f in gold.get("figures", []))
    return Counter(set(gold.get(kind, [])))


def _num(value: float) -> float:
    return round(float(value), 6)


def _show(item: Any) -> str:
    if isinstance(item, tuple):
        value, unit = item
        return f"{value:g} {unit}"
    return str(item)


def _scores(c: Counter) -> dict[str, Any]:
    precision = _ratio(c["tp"], c["tp"] + c["fp"])
    recall = _ratio(c["tp"], c["tp"] + c["fn"])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "tp": c["tp"], "fp": c["fp"], "fn": c["fn"]}


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
