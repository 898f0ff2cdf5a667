"""Measure extraction against hand-annotated reports (the JSON Lines gold format).

Each line holds ``{"id", "text", "gold": {"province", "city", "county", "regions",
"orgs", "programmes", "figures", "people"}}``. Kinds are compared as the annotation
rules define them:

* regions by full official name, each unit once;
* orgs by name, union bodies only (the gold lists no employers or government bodies);
  a county-level body matches with or without its city written before it (张掖市民乐县
  总工会 and 民乐县总工会 are one body: the gazetteer says 民乐县 is a county of 张掖市);
* programmes by name; people by name;
* figures by (value, unit), after keeping one figure per distinct (value, unit, text)
  as the gold does, so a number repeated with the same wording counts once. The text
  of a figure is the gold's span around it where there is one (工会会员782万人 and a
  headline's 782万人 are two entries in the gold, and two figures here), else its own;
* metrics, when a metrics gold file is given (``tests/fixtures/gold/metrics_*.jsonl``,
  rules in ``docs/figure-metrics.md``): a figure is right when its (value, unit,
  metric) matches a gold entry, the metric being one of the forms the gold accepts
  (null: the text names no counted thing). A near miss — a metric that holds a gold
  form or lies inside one (职工书屋示范点, 书屋 for 职工书屋) — counts as wrong, and the
  report says how many there were.

Scores are micro-averaged over all articles. The primary region is right for a level
when the province (city, county) name equals the gold one, None included.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from indexer.nlp.gazetteer import RegionGazetteer, gazetteer
from indexer.nlp.pipeline import extract

KINDS = ("regions", "orgs", "programmes", "figures", "people")
LEVELS = ("province", "city", "county")


def evaluate(gold_path: Path, metrics_path: Path | None = None) -> dict[str, Any]:
    """Run extraction on every gold article; return per-kind scores, primary accuracy, errors.

    With ``metrics_path``, figure metrics are scored too (kind "metrics")."""
    metrics_gold = read_metrics(metrics_path) if metrics_path else None
    kinds = KINDS + (("metrics",) if metrics_gold is not None else ())
    counts = {kind: Counter() for kind in kinds}
    primary_right = Counter()
    errors = []
    articles = list(_read_gold(gold_path))
    for article in articles:
        result = extract(article["text"])
        gold = article["gold"]
        article_errors: dict[str, Any] = {"id": article.get("id")}
        figures = _distinct_figures(result["figures"], article["text"], gold)
        if metrics_gold is not None:
            _score_metrics(figures, metrics_gold.get(article.get("id"), []), counts["metrics"],
                           article_errors)
        for kind in KINDS:
            predicted, expected = _items(kind, result, figures), _gold_items(kind, gold)
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
    report = {
        "gold": str(gold_path),
        "articles": len(articles),
        "kinds": {kind: _scores(counts[kind]) for kind in kinds},
        "primary": {level: _ratio(primary_right[level], len(articles)) for level in LEVELS},
        "errors": errors,
    }
    if metrics_gold is not None:
        report["metrics"] = {"gold": str(metrics_path), "near": counts["metrics"]["near"]}
    return report


def format_report(report: dict[str, Any], errors: bool = False) -> str:
    """The scores as a text table; with ``errors``, every miss and false positive by article."""
    lines = [f"{report['articles']} articles from {report['gold']}", "",
             f"{'kind':<11}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for kind, s in report["kinds"].items():
        lines.append(f"{kind:<11}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
                     f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")
    if "metrics" in report:
        lines.append(f"metrics: {report['metrics']['near']} near misses (a metric holding the "
                     "gold one or inside it) counted wrong")
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
        for kind in (*KINDS, "metrics"):
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


def read_metrics(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Gold metrics by article id: ``{"id", "metrics": [{"value", "unit", "metric"}]}`` a
    line, where ``metric`` is a string, a list of accepted forms, or null."""
    gold: dict[str, list[dict[str, Any]]] = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                entries = [{"key": (_num(m["value"]), m["unit"]), "forms": _forms(m["metric"])}
                           for m in record["metrics"]]
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: a metrics line needs 'id' and 'metrics' "
                                 f"of value, unit and metric ({exc})") from exc
            gold[record["id"]] = entries
    return gold


def _forms(metric: str | list[str | None] | None) -> frozenset[str | None]:
    return frozenset(metric if isinstance(metric, list) else [metric])


def _distinct_figures(figures: list[dict[str, Any]], text: str, gold: dict[str, Any]
                      ) -> dict[tuple[float, str, str], str | None]:
    """The predicted figures, one per (value, unit, text) with the metric of the first,
    where text is the longest gold span holding the figure, else the figure's own."""
    spans = [(m.start(), m.end(), f["text"]) for f in gold.get("figures", []) if f.get("text")
             for m in re.finditer(re.escape(f["text"]), text)]
    distinct: dict[tuple[float, str, str], str | None] = {}
    for f in figures:
        around = [span for start, end, span in spans if start <= f["start"] and f["end"] <= end]
        key = max(around, key=len) if around else f["text"]
        distinct.setdefault((_num(f["value"]), f["unit"], key), f["metric"])
    return distinct


def _score_metrics(distinct: dict[tuple[float, str, str], str | None],
                   gold: list[dict[str, Any]], counts: Counter,
                   article_errors: dict[str, Any]) -> None:
    """Pair each gold figure with a predicted one of the same (value, unit) and metric."""
    predicted = [((value, unit), metric) for (value, unit, _), metric in distinct.items()]
    missed = []
    for entry in gold:
        match = next((p for p in predicted if p[0] == entry["key"] and p[1] in entry["forms"]),
                     None)
        if match:
            predicted.remove(match)
        else:
            missed.append(entry)
    tp = len(gold) - len(missed)
    near = sum(1 for entry in missed if any(
        key == entry["key"] and _near(metric, entry["forms"]) for key, metric in predicted))
    counts.update(tp=tp, fp=len(predicted), fn=len(missed), near=near)
    if missed or predicted:
        article_errors["metrics"] = {
            "misses": sorted(_show_metric(e["key"], "|".join(sorted(
                str(f) for f in e["forms"]))) for e in missed),
            "false_positives": sorted(_show_metric(key, str(metric)) for key, metric in predicted),
        }


def _near(metric: str | None, forms: frozenset[str | None]) -> bool:
    return metric is not None and any(
        form is not None and (form in metric or metric in form) for form in forms)


def _show_metric(key: tuple[float, str], metric: str) -> str:
    return f"{key[0]:g} {key[1]} {metric}"


def _items(kind: str, result: dict[str, Any],
           figures: dict[tuple[float, str, str], str | None]) -> Counter:
    if kind == "regions":
        return Counter({r["name"] for r in result["regions"]})
    if kind == "orgs":
        return Counter({without_city(o["name"], gazetteer()) for o in result["orgs"]
                        if o["kind"] == "union"})
    if kind == "figures":
        return Counter((value, unit) for value, unit, _ in figures)
    return Counter({item["name"] for item in result[kind]})


def _gold_items(kind: str, gold: dict[str, Any]) -> Counter:
    if kind == "figures":
        return Counter((_num(f["value"]), f["unit"]) for f in gold.get("figures", []))
    if kind == "orgs":
        return Counter({without_city(name, gazetteer()) for name in gold.get("orgs", [])})
    return Counter(set(gold.get(kind, [])))


MAX_PLACE_NAME = 10


def without_city(name: str, gaz: RegionGazetteer) -> str:
    """A county-level body's name without the city written before its county: 张掖市民乐县
    总工会 → 民乐县总工会 (the county must be one of that city's, by the gazetteer, and a
    name must follow it). Any other name is returned as it is."""
    for cut in range(2, min(len(name), MAX_PLACE_NAME)):
        cities = {r["name"] for r in gaz.lookup(name[:cut]) if r["level"] == "city"}
        if not cities:
            continue
        rest = name[cut:]
        for end in range(2, min(len(rest) - 1, MAX_PLACE_NAME) + 1):
            if any(r["level"] == "county" and r["city"] in cities
                   for r in gaz.lookup(rest[:end])):
                return rest
    return name


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
