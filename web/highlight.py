"""Entity mentions marked in an article's text, for the article page.

Offsets come from the extraction; a mention inside another (青海 in 青海省总工会) is a
mark inside the outer one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from web.rendering import number

Span = tuple[int, int, str, str]  # start, end, kind, label


def entity_spans(extraction: Mapping[str, Any] | None) -> list[Span]:
    """(start, end, kind, label) of every mention, outer spans before the spans inside them."""
    if not extraction:
        return []
    spans = [*_mention_spans(extraction.get("regions"), "region"),
             *_mention_spans(extraction.get("localities"), "locality"),
             *_mention_spans(extraction.get("orgs"), "org"),
             *_mention_spans(extraction.get("programmes"), "programme"),
             *_mention_spans(extraction.get("people"), "person"),
             *_figure_spans(extraction.get("figures"))]
    return sorted(set(spans), key=lambda s: (s[0], s[0] - s[1]))


def _mention_spans(entities: Any, kind: str) -> list[Span]:
    spans = []
    for entity in entities or []:
        for mention in entity.get("mentions") or []:
            if len(mention) >= 2 and mention[0] < mention[1]:
                spans.append((int(mention[0]), int(mention[1]), kind, str(entity.get("name"))))
    return spans


def _figure_spans(figures: Any) -> list[Span]:
    spans = []
    for figure in figures or []:
        start, end = figure.get("start"), figure.get("end")
        if isinstance(start, int) and isinstance(end, int) and start < end:
            label = " ".join(str(p) for p in (figure.get("metric"), number(figure.get("value")),
                                              figure.get("unit")) if p)
            spans.append((start, end, "figure", label))
    return spans


def highlight(text: str, start: int, end: int, spans: list[Span]) -> Markup:
    """``text[start:end]`` escaped, mentions wrapped in <mark>; a mention inside another
    (青海 in 青海省总工会) is a <mark> inside the outer one; crossing ones are left out."""
    out, at = [], start
    inside = [s for s in spans if s[0] < end and s[1] > start]
    while inside:
        outer, inside = inside[0], inside[1:]
        s, e = max(outer[0], start), min(outer[1], end)
        if s < at:
            continue
        nested = [span for span in inside if span[0] >= s and span[1] <= e]
        inside = [span for span in inside if span not in nested]
        out.append(escape(text[at:s]))
        out.append(Markup('<mark class="ent ent-{}" data-kind="{}" title="{}">{}</mark>')
                   .format(outer[2], outer[2], outer[3], highlight(text, s, e, nested)))
        at = e
    out.append(escape(text[at:end]))
    return Markup("").join(out)


def highlighted_article(article: Mapping[str, Any]) -> dict[str, Any]:
    """Kicker, title, subtitle and body paragraphs of ``article['text']``, highlighted.

    Offsets point into ``text``, which is the non-empty head parts and the body
    joined by newlines (``Article.text``); each part is cut from it at its offset.
    """
    text, spans = article["text"], entity_spans(article.get("extraction"))
    parts: dict[str, Any] = {"kicker": None, "title": None, "subtitle": None, "paragraphs": []}
    at = 0
    for name in ("kicker", "title", "subtitle"):
        if article.get(name):
            parts[name] = highlight(text, at, at + len(article[name]), spans)
            at += len(article[name]) + 1
    for paragraph in article["body"].split("\n"):
        if paragraph.strip():
            parts["paragraphs"].append(highlight(text, at, at + len(paragraph), spans))
        at += len(paragraph) + 1
    return parts
