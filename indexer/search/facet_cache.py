"""A small bounded cache of facet counts, keyed by the state of the index they were counted on.

Counts are a pure function of the index's contents and the query, so a key that names
the contents (the generation and its last commit, ``IndexState``) needs no invalidation:
a commit or a switch makes a new key, and the old entries age out of the LRU.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

# (generation name, stamp of its meta.json when the reader was last reloaded)
IndexState = tuple[str, Hashable]


class BoundedCache:
    """Least recently used entries dropped beyond ``size``; safe across threads."""

    def __init__(self, size: int) -> None:
        if size < 0:
            raise ValueError("a cache size cannot be negative")
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            if key not in self._entries:
                return None
            self._entries.move_to_end(key)
            return self._entries[key]

    def put(self, key: Hashable, value: Any) -> None:
        if self.size == 0:
            return
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
