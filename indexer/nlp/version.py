"""What an extraction depends on, as one fingerprint: the archive re-extracts when it moves.

An edit to a docstring or a comment must not re-extract a million articles, so the
code counts through ``RULES_VERSION``, bumped by hand with any change to a rule that
changes what is extracted. What changes without anyone remembering to bump — the data
files, the model and the libraries the rules read through — is hashed or versioned:

* every file under ``indexer/nlp/data`` (surnames, name parts, adcode updates …);
* the proposer (``UNIONKB_NLP_MODEL``) and, for LAC, its package version and model files;
* the versions of jieba (its dictionary tags the lexicon) and cpca (the adcode table).
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

# Bump with every change to the rules that changes what they extract.
RULES_VERSION = "12.3"
DATA = Path(__file__).parent / "data"
LIBRARIES = ("jieba", "cpca")


def extraction_fingerprint(model: str, rules: str = RULES_VERSION,
                           data: Path = DATA) -> str:
    digest = hashlib.sha256(f"rules {rules}\nmodel {model}\n".encode())
    for path in sorted(p for p in data.rglob("*") if p.is_file()):
        digest.update(path.relative_to(data).as_posix().encode() + b"\0" + path.read_bytes())
    for library in LIBRARIES:
        digest.update(f"{library} {_version(library)}\n".encode())
    if model == "lac":
        from indexer.nlp.proposers.lac import model_fingerprint

        digest.update(f"lac {model_fingerprint()}\n".encode())
    return digest.hexdigest()[:12]


def _version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "absent"
