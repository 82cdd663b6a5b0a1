"""The legal vocabulary shared by the comparator and the auto-tagger (concepts.yaml).

A concept is a set of words and phrases by which different legal systems say one thing
("landing", "excluded person", "inadmissibility"), with the taxonomy elements it signals.
Guards name the phrases in which an element's signal is a false friend ("entry into force").
The file is shipped data; a malformed one is a ClausewiseError naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ...drafts.errors import ClausewiseError
from .yamlcache import read_yaml_cached

CONCEPTS_FILE = Path(__file__).resolve().parent / "concepts.yaml"


@dataclass(frozen=True)
class Concept:
    """A thesaurus entry: the words each language says it with, and the elements it signals."""

    name: str
    elements: tuple[str, ...]
    en: tuple[str, ...]
    ja: tuple[str, ...]


def _strings(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ClausewiseError(f"{where} must be a list of phrases", str(CONCEPTS_FILE))
    return tuple(v.strip() for v in value)


@cache
def _raw() -> dict:
    data = read_yaml_cached(CONCEPTS_FILE).data
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), dict):
        raise ClausewiseError("concepts.yaml needs a 'concepts' mapping", str(CONCEPTS_FILE))
    return data


@cache
def load_concepts() -> tuple[Concept, ...]:
    from ...drafts.taxonomy import is_valid_key

    out = []
    for name, body in _raw()["concepts"].items():
        if not isinstance(body, dict):
            raise ClausewiseError(f"concept {name!r} must be a mapping", str(CONCEPTS_FILE))
        elements = _strings(body.get("elements"), f"{name}.elements")
        for key in elements:
            if not is_valid_key(key):
                raise ClausewiseError(
                    f"concept {name!r}: {key!r} is not an element of the taxonomy",
                    str(CONCEPTS_FILE),
                )
        out.append(
            Concept(
                str(name),
                elements,
                _strings(body.get("en"), f"{name}.en"),
                _strings(body.get("ja"), f"{name}.ja"),
            )
        )
    return tuple(out)


@cache
def guards() -> dict[str, tuple[str, ...]]:
    """Element key -> phrases inside which its signals do not count."""
    raw = _raw().get("guards") or {}
    return {str(k): _strings(v, f"guards.{k}") for k, v in raw.items()}
