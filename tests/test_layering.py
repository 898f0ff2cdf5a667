"""Data flows one way: crawler and api stand on indexer, web on api; no package imports
one above it (ARCHITECTURE.md, "Layering"). Read from the source, so an import inside a
function counts too."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# What each package must never import.
ABOVE = {
    "indexer": {"crawler", "api", "web"},
    "crawler": {"api", "web"},
    "api": {"crawler", "web"},
}
# Waiting for page-text decoding (crawler.textdump) to move into indexer: `unionkb
# extract` reads its input with it. Listed, so that no other such import slips in.
PENDING = {("indexer/commands/nlp.py", "crawler.textdump")}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def upward_imports() -> set[tuple[str, str]]:
    found = set()
    for package, banned in ABOVE.items():
        for path in sorted((REPO / package).rglob("*.py")):
            for name in imported_modules(path):
                if name.split(".")[0] in banned:
                    found.add((str(path.relative_to(REPO)), name))
    return found


def test_no_package_imports_one_above_it() -> None:
    assert upward_imports() - PENDING == set()


def test_the_api_loads_without_the_pages_or_the_crawler() -> None:
    probe = ("import sys, api.app, api.services.figures, api.services.programmes; "
             "print(sorted({m.split('.')[0] for m in sys.modules} & {'web', 'crawler'}))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=REPO, timeout=120)
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stderr
