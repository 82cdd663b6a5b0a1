"""Reference instruments: a provision map joined with the official text, where it can be found.

Where the texts are looked for: `--corpus DIR`, then `CLAUSEWISE_CORPUS`, then, when clausewise
runs from a checkout, the development corpus beside it (../shared/corpus, as the tests use it),
then the user cache that `clausewise corpus fetch` fills. Without a text an instrument still
has its map, so comparison falls back to the summaries and says so.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ...drafts.cachefiles import user_cache
from ...drafts.errors import ClausewiseError
from ...drafts.model import Document, Provision
from .maps import MapEntry, ProvisionMap, load_map, map_paths

# What an official text prints where a provision's wording is not reproduced.
_PLACEHOLDER = re.compile(r"(?:\[[^\]]*\])?")


def cache_dir() -> Path:
    return user_cache() / "corpus"


# The repository root when clausewise runs from a checkout (an installed wheel has no
# pyproject.toml in its package folder): the development corpus lies beside it.
PACKAGE_ROOT = Path(__file__).resolve().parents[2]
CHECKOUT_CORPUS: Path | None = (
    PACKAGE_ROOT.parent / "shared" / "corpus"
    if (PACKAGE_ROOT / "pyproject.toml").is_file()
    else None
)


@dataclass(frozen=True)
class CorpusLookup:
    """The corpus folder in use (None: maps only) and every place looked at, in order, as
    (what the place is, its path or None when unset)."""

    path: Path | None
    looked: tuple[tuple[str, Path | None], ...]

    def describe(self) -> str:
        """One line for the user: where the corpus was found, or where it was looked for."""
        if self.path is not None:
            return f"corpus: {self.path} ({self.looked[-1][0]})"
        places = "; ".join(f"{what}: {path or 'not set'}" for what, path in self.looked)
        return f"no corpus folder (looked at {places}): maps and summaries only"


def locate_corpus(explicit: str | Path | None = None) -> CorpusLookup:
    """The first of --corpus, CLAUSEWISE_CORPUS, the checkout's development corpus and the
    user cache that exists. A folder the user named that does not exist is an error."""
    if explicit:
        path = Path(explicit)
        if not path.is_dir():
            raise ClausewiseError("corpus folder not found", str(path))
        return CorpusLookup(path, (("--corpus", path),))
    looked: list[tuple[str, Path | None]] = []
    env = os.environ.get("CLAUSEWISE_CORPUS")
    if env:
        if not Path(env).is_dir():
            raise ClausewiseError("the folder CLAUSEWISE_CORPUS names does not exist", env)
        return CorpusLookup(Path(env), (("CLAUSEWISE_CORPUS", Path(env)),))
    looked.append(("CLAUSEWISE_CORPUS", None))
    places = [("beside the checkout", CHECKOUT_CORPUS)] if CHECKOUT_CORPUS else []
    places.append(("user cache", cache_dir()))
    for what, path in places:
        looked.append((what, path))
        if path.is_dir():
            return CorpusLookup(path, tuple(looked))
    return CorpusLookup(None, tuple(looked))


def find_corpus(explicit: str | Path | None = None) -> Path | None:
    """The corpus folder in use, or None when there is none (maps only)."""
    return locate_corpus(explicit).path


@dataclass
class Instrument:
    """A reference law: its provision map, and its official text where the corpus has it."""

    map: ProvisionMap
    doc: Document | None  # the imported official text, when present
    text_file: Path | None

    @property
    def id(self) -> str:
        return self.map.id

    @property
    def jurisdiction(self) -> str:
        return self.map.jurisdiction

    def provision(self, label: str) -> Provision | None:
        if self.doc is None:
            return None
        # Document.find walks the whole tree; the labels are indexed once instead.
        index = self.__dict__.get("_labels")
        if index is None:
            index = self.__dict__["_labels"] = {}
            for p in self.doc.walk():
                index.setdefault(p.label, p)
        return index.get(label)

    @property
    def language(self) -> str:
        """The language the official text is in: English, but Japanese for a Japanese bill."""
        return "ja" if self.jurisdiction == "jp" else "en"

    def text(self, entry: MapEntry, lang: str | None = None) -> str:
        """The official wording of a mapped provision ("" where the corpus lacks it)."""
        # Kept: the comparator and the coverage matrix ask for the same entries many times.
        key = (entry.label, lang or self.language)
        texts = self.__dict__.setdefault("_texts", {})
        text = texts.get(key)
        if text is None:
            p = self.provision(entry.label)
            text = texts[key] = p.all_text(key[1]).strip() if p is not None else ""
        return text

    @property
    def reviewed(self) -> bool:
        """Whether a person has checked the map's tags (false for an imported map until
        the aide marks it)."""
        return self.map.reviewed

    @property
    def text_complete(self) -> bool:
        """Whether the map was made from the law's whole text (`source: completeness`);
        false where the corpus holds only part of it (the EU Decision)."""
        return self.map.source.get("completeness", "full") == "full"

    def content_unknown(self) -> list[MapEntry]:
        """Operative provisions whose content nobody knows: unverified, with a gap note, and
        no wording in the corpus but at most a placeholder (Canada's "[Amendments]").
        Recitals carry no rule (the Regulation's copy lacks them); an imported map's entries
        say "no curated summary" but their text is there."""
        return [
            e
            for e in self.map.entries
            if not e.verified
            and e.gap
            and e.kind != "preamble"
            and _PLACEHOLDER.fullmatch(self.text(e))
        ]

    @property
    def text_status(self) -> str:
        """full: every mapped operative provision has its wording; partial: some; none: no text.

        Recitals are not operative: a text that lacks them (the EU Regulation's copy) is
        still the whole of the law's rules. What these facts mean for a comparison (may an
        element the map lacks be called absent?) is compare.coverage's to say
        (absence_reason): one place, one set of reason codes."""
        if self.doc is None:
            return "none"
        operative = [e for e in self.map.entries if e.kind != "preamble"]
        have = sum(1 for e in operative if self.text(e))
        if have == 0:
            return "none"
        return "full" if have == len(operative) and self.text_complete else "partial"


def _inside(corpus: Path, rel: str, m: ProvisionMap) -> Path:
    """corpus/rel, refused if it resolves outside the corpus folder (through a link, too)."""
    path = corpus / rel
    if not path.resolve().is_relative_to(corpus.resolve()):
        raise ClausewiseError(f"source file {rel!r} lies outside the corpus folder", m.file)
    return path


def import_text(m: ProvisionMap, corpus: Path) -> tuple[Document | None, Path | None]:
    """Import the instrument's official text from the corpus folder, if it is there.

    The map names the file of the shipped corpus; a text that `corpus fetch` downloaded in
    another format (CLML for UK law) is used when that file is absent.
    """
    from .importers import import_bilingual, import_file
    from .sources import fetched_source

    src = m.source
    path = _inside(corpus, src["file"], m) if src.get("file") else None
    fmt = src.get("format", "auto")
    if path is None or not path.is_file():
        fetched = fetched_source(m.id, corpus)
        if fetched is None:
            return None, None
        path, fmt = fetched
    kwargs = {"doc_id": m.id, "citation": m.citation}
    fr = _inside(corpus, src["file_fr"], m) if src.get("file_fr") else None
    if fr is not None and fr.is_file() and src.get("file") and path == corpus / src["file"]:
        doc = import_bilingual(path, fr, fmt=fmt, **kwargs)
    else:
        doc = import_file(path, fmt=fmt, **kwargs)
    if src.get("part"):
        doc.provisions = _only_part(doc.provisions, str(src["part"]))
    return doc, path


def _only_part(provisions: list[Provision], part: str) -> list[Provision]:
    """The instrument is one Part of a larger Act (SAMLA Part 1): keep that Part only."""

    def number(p: Provision) -> str:
        return p.number.get("en", "").removeprefix("Part").removeprefix("PART").strip()

    return [
        p for p in provisions if p.kind == "preamble" or (p.kind == "part" and number(p) == part)
    ]


def instrument_ids(corpus: Path | None) -> list[str]:
    return list(map_paths(corpus))


def load_instrument(inst_id: str, corpus: Path | None) -> Instrument:
    paths = map_paths(corpus)
    if inst_id not in paths:
        raise ClausewiseError(f"unknown instrument {inst_id!r}; known: {', '.join(paths)}")
    m = load_map(paths[inst_id])
    doc, path = import_text(m, corpus) if corpus is not None else (None, None)
    return Instrument(m, doc, path)
