"""Where each instrument's official text comes from (sources.yaml), and where a fetched copy
lies in a corpus folder.

Apart from fetch.py so that `compare`, which looks for fetched copies but never downloads,
imports none of urllib, http and ssl.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ...drafts.errors import ClausewiseError
from .yamlcache import read_yaml_cached

SOURCES_FILE = Path(__file__).with_name("sources.yaml")


@dataclass(frozen=True)
class Source:
    """Where one file of an instrument's official text is published (sources.yaml)."""

    instrument: str
    url: str
    file: str  # corpus-relative, with forward slashes
    format: str
    expect: tuple[str, ...] = ()  # strings the text must contain: its title and number
    sha256: str | None = None  # the publisher's file, where it never changes


@cache
def load_sources() -> dict[str, list[Source]]:
    data = read_yaml_cached(SOURCES_FILE).data or {}
    out: dict[str, list[Source]] = {}
    for inst, files in data.items():
        out[inst] = []
        for f in files:
            rel = str(f["file"])
            # The file name comes from data, but it still must not climb out of the corpus.
            if rel.startswith("/") or ".." in Path(rel).parts:
                raise ClausewiseError(f"{inst}: unsafe file path {rel!r}", str(SOURCES_FILE))
            expect = tuple(str(e) for e in f.get("expect") or ())
            sha = f.get("sha256")
            out[inst].append(
                Source(inst, str(f["url"]), rel, str(f["format"]), expect, sha and str(sha))
            )
    return out


def fetched_source(inst_id: str, corpus: Path) -> tuple[Path, str] | None:
    """The first downloaded text of an instrument that an importer reads, with its format.

    For instruments whose map names a different file (the UK maps were written against a
    Markdown conversion, `fetch` gets CLML), so that the text in the cache can still be found.
    """
    from .importers import FORMATS

    for src in load_sources().get(inst_id, []):
        path = corpus / src.file
        if src.format in FORMATS and path.is_file():
            return path, src.format
    return None
