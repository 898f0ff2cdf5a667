"""The import graph of crawler/, indexer/, api/ and web/: no cycle among indexer's modules,
no package importing one above it (indexer at the bottom, crawler and api on it, web on
api), and the archive, the system of record, reaching nothing derived from it.

Read from the source (the ast of every module, relative imports and imports inside
functions included), not from what happens to be imported at run time: a
function-level import is a dependency too, only a later one. ``test_layering.py``
checks the same rule per import line and by loading the API; this follows imports
through modules, so a dependency carried by a third module is seen too.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from tests.paths import REPO

PACKAGES = ("crawler", "indexer", "api", "web")
# What the archive must not reach: the tables, the NLP, the search backends, jieba.
DERIVED = ("indexer.tables", "indexer.nlp", "indexer.search", "jieba")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for package in PACKAGES
            for path in sorted((REPO / package).rglob("*.py")) if "__pycache__" not in path.parts}


def imported_names(name: str) -> Iterator[str]:
    """Every module ``name`` imports anywhere in its source, as absolute names."""
    path = modules()[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            # ``from indexer.tables import schema`` imports the module indexer.tables.schema.
            yield from (f"{base}.{alias.name}" for alias in node.names
                        if f"{base}.{alias.name}" in modules())


@cache
def imports(name: str) -> frozenset[str]:
    """The project's modules and the outside top-level packages ``name`` imports, with the
    packages whose ``__init__`` an import runs (not its own)."""
    found = set()
    own = {".".join(name.split(".")[:n]) for n in range(1, name.count(".") + 1)}
    for target in imported_names(name):
        parts = target.split(".")
        for n in range(1, len(parts) + 1):
            prefix = ".".join(parts[:n])
            if prefix in modules() and prefix not in own and prefix != name:
                found.add(prefix)
        if parts[0] not in PACKAGES:
            found.add(parts[0])
    return frozenset(found)


def reach(name: str) -> set[str]:
    """Everything ``name`` imports, directly or through the project's modules."""
    seen, todo = set(), [name]
    while todo:
        for target in imports(todo.pop()):
            if target not in seen:
                seen.add(target)
                if target in modules():
                    todo.append(target)
    return seen


def crossings(package: str, forbidden: tuple[str, ...]) -> list[str]:
    """``module -> target`` for every import from ``package`` into one of ``forbidden``."""
    return sorted(f"{name} -> {target}" for name in modules() if name.split(".")[0] == package
                  for target in imports(name) if target.split(".")[0] in forbidden)


def cycles(package: str) -> list[list[str]]:
    """The import cycles among ``package``'s modules (Tarjan's strongly connected parts)."""
    graph = {name: [t for t in imports(name) if t.split(".")[0] == package]
             for name in modules() if name.split(".")[0] == package}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            part = []
            while not part or part[-1] != node:
                part.append(stack.pop())
            if len(part) > 1:
                found.append(sorted(part))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_modules_are_found() -> None:
    assert {"indexer.archive", "indexer.tables.schema", "crawler.pipelines", "api.app",
            "web.pages"} <= set(modules())
    assert "indexer.tables.schema" in imports("indexer.tables.scope")
    assert "scrapy" in imports("crawler.pipelines")


def test_no_import_cycle_among_the_modules_of_indexer() -> None:
    assert cycles("indexer") == []


def test_indexer_imports_no_package_above_it() -> None:
    assert crossings("indexer", ("crawler", "api", "web")) == []


def test_crawler_imports_neither_api_nor_web() -> None:
    assert crossings("crawler", ("api", "web")) == []


def test_api_imports_no_web() -> None:
    assert crossings("api", ("web",)) == []


def test_api_imports_no_crawler() -> None:
    assert crossings("api", ("crawler",)) == []


def test_the_archive_reaches_nothing_derived_from_it() -> None:
    reached = reach("indexer.archive")
    assert sorted(m for m in reached if m.startswith(DERIVED)) == []
