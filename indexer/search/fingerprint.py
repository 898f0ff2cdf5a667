"""Versions as fingerprints: a hash of what they version, so no one has to bump them.

An index is built from declarations (the field table, the facet registry) and code
(the document builder, the analysis). Hashing those gives a version that changes
exactly when a rebuild may be needed: an index or a document written under another
fingerprint is rebuilt, and a change no one remembered to announce cannot leave the
index answering with stale fields.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

DIGEST_CHARS = 12


def fingerprint(*parts: str) -> str:
    """A short hash of ``parts`` (order matters; no part can run into the next)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()[:DIGEST_CHARS]


def declaration(rows: Iterable[Any]) -> str:
    """Declarations (tuples of plain values) as canonical text to fingerprint."""
    return json.dumps(list(rows), ensure_ascii=False, sort_keys=True)


def module_sources(names: Iterable[str]) -> list[str]:
    """The source text of each named module, read from its file (not imported)."""
    sources = []
    for name in names:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise ModuleNotFoundError(f"cannot fingerprint {name}: no source file")
        sources.append(Path(spec.origin).read_text("utf-8"))
    return sources
