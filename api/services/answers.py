"""Analysis answers kept until the archive or the index changes.

An analysis (catalogue, ledger, figure check, comparison, timeline, a programme's page)
reads every article of its scope, and at a million articles that is seconds; yet the
first screens are asked again and again, and the archive changes only when an ingest
commits. So an answer is kept under its request and the state of both stores it read
(``Archive.state``, ``SearchBackend.state``): any commit to either makes it unreachable.
A backend that cannot name its state gives None, and then nothing is kept. Bounded
(least recently used first out); each caller gets its own copy, so a page that adds to
an answer cannot change the next one.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Hashable, Mapping
from dataclasses import fields, is_dataclass
from typing import Any, ParamSpec, TypeVar

from indexer.search.facet_cache import BoundedCache

ANSWERS_KEPT = 64
# A model is megabytes (a scope's every programme vector), an answer kilobytes. Two of
# the models are the whole archive's contexts (stories, printings), which the whole
# archive's models share rather than copy: what a model over all but a few starts from.
MODELS_KEPT = 6

P = ParamSpec("P")
T = TypeVar("T")


class AnswerCache:
    """Answers by (request, state), at most ``size`` of them (0: none kept)."""

    def __init__(self, size: int = ANSWERS_KEPT) -> None:
        self.size = size
        self._answers = BoundedCache(max(size, 0))
        self.hits = self.misses = 0

    def get(self, request: Hashable, state: Hashable | None, compute: Callable[[], T],
            copied: bool = True) -> T:
        """The kept answer (a copy of it, unless ``copied`` is False: a read-only value
        shared by every caller), or ``compute``'s, kept."""
        if state is None or self.size <= 0:
            return compute()
        key = (request, state)
        try:
            hash(key)
        except TypeError:  # an argument with no value semantics: not keepable
            return compute()
        kept_answer = self._answers.get(key)
        if kept_answer is not None:
            self.hits += 1
            return copy.deepcopy(kept_answer) if copied else kept_answer
        answer = compute()  # two misses may both compute; neither waits for the other
        self.misses += 1
        self._answers.put(key, copy.deepcopy(answer) if copied else answer)
        return answer

    def __len__(self) -> int:
        return len(self._answers)


def frozen(value: Any) -> Hashable:
    """A request's arguments as a hashable value: equal arguments, equal keys (a query's
    filters in any order are the same filters)."""
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,
                tuple((f.name, frozen(getattr(value, f.name))) for f in fields(value)))
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple | set | frozenset):
        items = [frozen(v) for v in value]
        return tuple(sorted(items, key=repr) if isinstance(value, set | frozenset) else items)
    return value


def kept(function: Callable[P, T]) -> Callable[P, T]:
    """A service function (``services`` first) whose answers the services keep."""
    return _keeping(function, "answers", copied=True)


def kept_model(function: Callable[P, T]) -> Callable[P, T]:
    """A service function (``services`` first) whose answer is a read-only model that
    other answers are computed from: kept among the services' few models and shared,
    not copied, with every caller."""
    return _keeping(function, "models", copied=False)


def _keeping(function: Callable[P, T], cache: str, copied: bool) -> Callable[P, T]:
    @functools.wraps(function)
    def answer(*args: P.args, **kwargs: P.kwargs) -> T:
        services = args[0]
        request = (function.__module__, function.__qualname__, frozen(args[1:]),
                   frozen(kwargs))
        return getattr(services, cache).get(
            request, services.state(),  # type: ignore[attr-defined]
            lambda: function(*args, **kwargs), copied=copied)

    return answer
