"""The words a new bill must not use any more (data for the `outdated-term` check), read
from outdated_terms.yaml beside this module: add entries there, not here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ...drafts.yamlsource import read_yaml

DATA_FILE = Path(__file__).resolve().parent / "outdated_terms.yaml"
KEYS = ("lang", "word", "instead", "why")


@dataclass(frozen=True)
class OutdatedTerm:
    lang: str  # ja or en
    word: str
    instead: str
    why: str  # short: shown to the aide


def read_outdated_terms(path: Path = DATA_FILE) -> tuple[OutdatedTerm, ...]:
    """Every entry of the file, checked: a bad entry is an input error naming its line."""
    doc = read_yaml(path)
    if not isinstance(doc.data, list):
        raise doc.error("the outdated terms must be a list of {lang, word, instead, why}")
    terms = []
    for i, raw in enumerate(doc.data):
        if not isinstance(raw, dict) or sorted(raw) != sorted(KEYS):
            raise doc.error(f"each entry needs exactly the keys {', '.join(KEYS)}", i)
        if not all(isinstance(raw[k], str) and raw[k].strip() for k in KEYS):
            raise doc.error("lang, word, instead and why must be non-empty text", i)
        if raw["lang"] not in ("ja", "en"):
            raise doc.error(f"lang must be ja or en (got {raw['lang']!r})", i, "lang")
        terms.append(OutdatedTerm(**{k: raw[k] for k in KEYS}))
    return tuple(terms)


@cache
def outdated_terms() -> tuple[OutdatedTerm, ...]:
    """The shipped list, read once per process."""
    return read_outdated_terms()
