"""The query language of ``q``: parsed here, once, into a tree both backends translate.

    query    := either ("OR" either)*
    either   := negated (["AND"] negated)*        a space between two parts is AND
    negated  := ("NOT" | "-")* part               -驿站, NOT 驿站, -(驿站 OR 书屋)
    part     := [field ":"] (word | "phrase" | "(" query ")")

NOT binds tightest, then AND (written or not), then OR: ``驿站 书屋 OR 司机之家`` is
``(驿站 AND 书屋) OR 司机之家``. Operators are the upper-case words AND, OR, NOT; a
``-`` leaves out what follows it only at the start of a part (COVID-19 is one word,
and ``--`` a dash).
A word is cut by jieba like the query of old, every token required; a phrase, in
ASCII "…" or Chinese “…” quotes, requires its tokens next to each other, in order, as
the same text was cut at index time. A field prefix (``title:``, ``person:`` …, ASCII
or full-width colon) limits the part after it: a text field to its words, a facet
(``person:``, ``org:``, ``programme:``, ``province:`` …) to that exact value.

A syntax mistake raises ``QuerySyntaxError`` with the character it is at (1-based);
``validation`` makes it a problem of ``q``, which the API answers with 422: a query that
cannot mean what was typed is refused, never answered with the wrong articles or none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from indexer.search.analysis import PHRASE_BREAK, analyze, fold, query_terms
from indexer.search.facets import FACETS
from indexer.search.fields import SEGMENTED_FIELDS, SEGMENTED_SUFFIX, TEXT_BOOSTS

# Prefix -> the raw text field searched (through its segmented twin).
TEXT_FIELDS: tuple[str, ...] = tuple(TEXT_BOOSTS)
# Prefix -> the facet (keyword field) whose exact value is matched.
KEYWORD_FIELDS: tuple[str, ...] = FACETS
FIELD_NAMES: tuple[str, ...] = (*TEXT_FIELDS, *KEYWORD_FIELDS)
OPERATORS = ("AND", "OR", "NOT")
MAX_DEPTH = 20  # parentheses and field groups nested deeper are refused, not recursed into
QUOTES = {'"': '"', "“": "”"}
_FIELD = re.compile(r"([A-Za-z_]+)[:：]")
_STOP = frozenset("()\"“")


class QuerySyntaxError(ValueError):
    """What is wrong with a query's text, and the character where it is."""

    def __init__(self, at: int, message: str) -> None:
        self.at = at  # 0-based
        super().__init__(f"syntax error at character {at + 1}: {message}")


# -- the tree ------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Words in the text fields (``field`` None: any of them), every token required.

    A phrase's tokens must also stand next to each other, in their order.
    """

    tokens: tuple[str, ...]
    field: str | None = None
    phrase: bool = False
    typed: str = ""  # as the user wrote it: what Elasticsearch highlights


@dataclass(frozen=True)
class Keyword:
    """A facet holding one of ``values`` exactly (the value as typed, and folded)."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


Node = Text | Keyword | AllOf | AnyOf | Not


@dataclass(frozen=True)
class ParsedQuery:
    """The tree of a query (None: no condition on the text) and what a hit shows of it."""

    tree: Node | None
    # Tokens of the words and phrases a hit may show in its body (not those left out by
    # NOT, nor those of another field): what snippets mark.
    terms: tuple[str, ...] = ()
    # Those words and phrases as typed: Elasticsearch highlights the raw body with them.
    typed: tuple[str, ...] = ()
    # Whether any word or phrase is looked for (not only left out): relevance ranks then.
    ranked: bool = False


# -- reading the text: tokens with where they start ----------------------------------


@dataclass(frozen=True)
class Token:
    kind: str  # "(", ")", AND, OR, NOT, "-", field, word, phrase
    text: str
    at: int  # 0-based offset in the query text


def tokenize(text: str) -> Iterator[Token]:
    at, end = 0, len(text)
    while at < end:
        char = text[at]
        if char.isspace():
            at += 1
        elif char in "()":
            yield Token(char, char, at)
            at += 1
        elif char in QUOTES:
            close = text.find(QUOTES[char], at + 1)
            if close < 0:
                raise QuerySyntaxError(at, f"the phrase opened by {char} is never closed")
            yield Token("phrase", text[at + 1:close], at)
            at = close + 1
        elif char == "-" and not text.startswith("--", at):  # a run of them is a dash
            if at + 1 >= end or text[at + 1].isspace():
                raise QuerySyntaxError(at, "'-' leaves out the word right after it: "
                                           "write -驿站, without a space")
            yield Token("-", char, at)
            at += 1
        elif field := _field_at(text, at):
            yield field
            at += len(field.text) + 1
        else:
            stop = at
            while stop < end and not text[stop].isspace() and text[stop] not in _STOP:
                stop += 1
            word = text[at:stop]
            yield Token(word if word in OPERATORS else "word", word, at)
            at = stop


def _field_at(text: str, at: int) -> Token | None:
    """A field prefix at ``at``; an unknown one is an error, except in a URL (http://)."""
    match = _FIELD.match(text, at)
    if match is None:
        return None
    name, after = match.group(1), match.end()
    if text.startswith("//", after):
        return None
    if name.lower() not in FIELD_NAMES:
        raise QuerySyntaxError(at, f"unknown field {name!r}; fields are {', '.join(FIELD_NAMES)}")
    if after >= len(text) or text[after].isspace():
        raise QuerySyntaxError(at, f"{name}: is followed by nothing; write {name}:word, "
                                   f'{name}:"a phrase" or {name}:(…)')
    return Token("field", name.lower(), at)


# -- parsing -------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = list(tokenize(text))
        self.at = 0
        self.end = len(text)

    def peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def parse(self) -> Node | None:
        tree = self.query(depth=0, field=None)
        token = self.peek()
        if token is not None:  # only a ")" stops a query early
            raise QuerySyntaxError(token.at, "')' closes no '('")
        return tree

    def query(self, depth: int, field: str | None) -> Node | None:
        parts = [self.either(depth, field)]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            parts.append(self.either(depth, field, after=token))
        return _any(parts)

    def either(self, depth: int, field: str | None, after: Token | None = None) -> Node | None:
        parts = [self.negated(depth, field, after)]
        while (token := self.peek()) is not None and token.kind not in ("OR", ")"):
            if token.kind == "AND":
                self.take()
                parts.append(self.negated(depth, field, after=token))
            else:
                parts.append(self.negated(depth, field))
        return _all(parts)

    def negated(self, depth: int, field: str | None, after: Token | None = None) -> Node | None:
        negations = 0
        while (token := self.peek()) is not None and token.kind in ("NOT", "-"):
            after = self.take()
            negations += 1
        part = self.part(depth, field, after)
        if part is None or negations % 2 == 0:
            return part
        return Not(part)

    def part(self, depth: int, field: str | None, after: Token | None) -> Node | None:
        token = self.peek()
        if token is None or token.kind not in ("word", "phrase", "(", "field"):
            raise self._missing(token, after)
        self.take()
        if token.kind == "field":
            return self.part(depth, token.text, after=token)
        if token.kind == "(":
            return self.group(token, depth + 1, field)
        if token.kind == "phrase":
            return _phrase(token, field)
        return _word(token, field)

    def group(self, opening: Token, depth: int, field: str | None) -> Node | None:
        if depth > MAX_DEPTH:
            raise QuerySyntaxError(opening.at, f"parentheses nested deeper than {MAX_DEPTH}")
        if (token := self.peek()) is not None and token.kind == ")":
            raise QuerySyntaxError(opening.at, "'( )' holds nothing")
        tree = self.query(depth, field)
        token = self.peek()
        if token is None:
            raise QuerySyntaxError(opening.at, "this '(' is never closed")
        self.take()
        return tree

    def _missing(self, token: Token | None, after: Token | None) -> QuerySyntaxError:
        """The error for a place where a word, phrase or group was expected."""
        if after is None:
            if token is None:
                return QuerySyntaxError(self.end, "expected a word")
            if token.kind == ")":
                return QuerySyntaxError(token.at, "')' closes no '('")
            return QuerySyntaxError(token.at, f"{token.text} has nothing before it")
        what = f"{after.text}:" if after.kind == "field" else after.text
        if token is None:
            return QuerySyntaxError(after.at, f"{what} is followed by nothing")
        return QuerySyntaxError(after.at, f"{what} is followed by {token.text!r}, not by a "
                                          f'word, a "phrase" or a (group)')


def _word(token: Token, field: str | None) -> Node | None:
    if field in KEYWORD_FIELDS:
        return _keyword(field, token)
    tokens = tuple(query_terms(token.text))
    # A word of punctuation alone searches for nothing, as it always has.
    return Text(tokens, field, typed=token.text) if tokens else None


def _phrase(token: Token, field: str | None) -> Node:
    if field in KEYWORD_FIELDS:
        return _keyword(field, token)
    # Cut as the index cut the same text: sub-words and breaks at their positions.
    tokens = tuple(analyze(token.text))
    if not any(t != PHRASE_BREAK for t in tokens):
        raise QuerySyntaxError(token.at, "the phrase holds no word to search for")
    return Text(tokens, field, phrase=len(tokens) > 1, typed=token.text)


def _keyword(field: str, token: Token) -> Keyword:
    value = token.text.strip()
    if not value:
        raise QuerySyntaxError(token.at, f"{field}: needs a value")
    # Values are stored as the sources print them (mostly simplified): try both forms.
    return Keyword(field, tuple(dict.fromkeys((value, fold(value)))))


def _all(parts: list[Node | None]) -> Node | None:
    kept = tuple(p for p in parts if p is not None)
    return None if not kept else kept[0] if len(kept) == 1 else AllOf(kept)


def _any(parts: list[Node | None]) -> Node | None:
    # A part with no condition (punctuation only) matches everything: so does the OR.
    if any(p is None for p in parts):
        return None
    return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))  # type: ignore[arg-type]


def searched_fields(node: Text) -> dict[str, float]:
    """The segmented fields a text part is looked for in, with their weights."""
    if node.field is None:
        return SEGMENTED_FIELDS
    name = node.field + SEGMENTED_SUFFIX
    return {name: SEGMENTED_FIELDS[name]}


# -- what a hit shows of a query -----------------------------------------------------


def _sought(node: Node | None) -> Iterator[Text]:
    """The words and phrases looked for: every text part under no NOT."""
    if isinstance(node, Text):
        yield node
    elif isinstance(node, AllOf | AnyOf):
        for part in node.parts:
            yield from _sought(part)


@lru_cache(maxsize=1024)
def parse_query(text: str) -> ParsedQuery:
    """The tree of ``text``; ``QuerySyntaxError`` at the character of a syntax mistake.

    Cached: the API, the validation and the backend each ask for the same query.
    """
    if not text or not text.strip():
        return ParsedQuery(None)
    tree = _Parser(text).parse()
    sought = list(_sought(tree))
    shown = [part for part in sought if part.field in (None, "body")]
    terms = tuple(dict.fromkeys(t for part in shown for t in part.tokens if t != PHRASE_BREAK))
    typed = tuple(dict.fromkeys(part.typed for part in shown))
    return ParsedQuery(tree, terms, typed, ranked=bool(sought))

