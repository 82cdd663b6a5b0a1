"""The element taxonomy: the comparative frame every provision is tagged with.

The taxonomy is data (taxonomy.yaml next to this module) so that aides can refine labels
and signal words without touching code; this module only loads it and answers questions
about keys. The 25 top-level keys are fixed by DESIGN.md and repeated here as TOP_KEYS, so
that a bad edit of the YAML fails loudly instead of silently changing reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .datafiles import load_yaml

TAXONOMY_FILE = Path(__file__).with_name("taxonomy.yaml")

# In the order of the table in DESIGN.md; reports list elements in this order.
TOP_KEYS: tuple[str, ...] = (
    "purpose",
    "definitions",
    "grounds.human_rights",
    "grounds.corruption",
    "targets",
    "involvement",
    "designation.authority",
    "designation.standard",
    "designation.publication",
    "designation.input",
    "measures.asset_freeze",
    "measures.making_available",
    "measures.travel_ban",
    "measures.other",
    "exceptions",
    "obligations.reporting",
    "review.delisting",
    "review.periodic",
    "review.judicial",
    "oversight.parliament",
    "coordination",
    "enforcement.offences",
    "enforcement.powers",
    "administration",
    "final",
)

LANGS = ("en", "ja")
# A sub-key segment: lower-case words joined by underscores, like the declared ones.
_SEGMENT = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")


@dataclass(frozen=True)
class Element:
    """An element of the taxonomy: its key, labels, definition and signal words."""

    key: str
    label: dict[str, str]
    definition: dict[str, str]
    signals: dict[str, list[str]] = field(default_factory=dict)
    # None for the 25 top keys; the key directly above for a sub-key.
    parent: str | None = None


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message names the file and the entry."""


def _fail(what: str) -> TaxonomyError:
    return TaxonomyError(f"{TAXONOMY_FILE}: {what}")


def _check(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict) or not isinstance(data.get("elements"), dict):
        raise _fail("no 'elements' mapping")
    return data


def _check_all(data: Any) -> dict[str, Element]:
    """Everything the readers below take from the data: a cached copy that fails is a miss.
    Returns the elements, which the check has made anyway."""
    elements = _elements(_check(data))
    _jurisdictions(data)
    _ignore_phrases(data)
    return elements


@lru_cache(maxsize=1)
def _loaded() -> tuple[dict[str, Any], dict[str, Element] | None]:
    """The data, and its elements where checking a cached copy has made them already (the
    YAML's own data is checked when its elements are first asked for)."""
    # Kept as JSON in the user cache between runs (drafts/datafiles.py): a cached copy is
    # used only if every reader below accepts it.
    made: list[dict[str, Element]] = []
    data = _check(load_yaml(TAXONOMY_FILE, lambda d: made.append(_check_all(d))))
    return data, made[0] if made else None


def _raw() -> dict[str, Any]:
    return _loaded()[0]


def _lang_map(entry: dict[str, Any], name: str, key: str, required: bool) -> dict[str, Any]:
    value = entry.get(name)
    if value is None and not required:
        return {}
    if not isinstance(value, dict) or (required and any(lang not in value for lang in LANGS)):
        raise _fail(f"element {key!r}: '{name}' needs both {' and '.join(LANGS)}")
    return dict(value)


def _signals(entry: dict[str, Any], key: str) -> dict[str, list[str]]:
    raw = _lang_map(entry, "signals", key, required=True)
    out: dict[str, list[str]] = {}
    for lang, phrases in raw.items():
        # Checked in C (type, strip, all): some three thousand phrases are read every run.
        stripped = (
            list(map(str.strip, phrases))
            if type(phrases) is list and set(map(type, phrases)) <= {str}
            else None
        )
        if stripped is None or not all(stripped):
            raise _fail(f"element {key!r}: signals.{lang} must be a list of phrases")
        out[lang] = stripped
    return out


@lru_cache(maxsize=1)
def load_taxonomy() -> dict[str, Element]:
    """All elements by key: each top key in TOP_KEYS order, followed by its sub-keys."""
    data, elements = _loaded()
    return elements if elements is not None else _elements(data)


def _elements(data: dict[str, Any]) -> dict[str, Element]:
    elements = data["elements"]
    if tuple(elements) != TOP_KEYS:
        raise _fail(f"elements must be exactly the {len(TOP_KEYS)} keys of DESIGN.md, in order")
    out: dict[str, Element] = {}
    for key in TOP_KEYS:
        entry = elements[key]
        out[key] = Element(
            key=key,
            label=_lang_map(entry, "label", key, required=True),
            definition=_lang_map(entry, "definition", key, required=True),
            signals=_signals(entry, key),
        )
        for sub, sub_entry in (entry.get("subkeys") or {}).items():
            parent = sub.rpartition(".")[0]
            if not sub.startswith(key + ".") or not _is_extension(sub, key):
                raise _fail(f"sub-key {sub!r} is not below {key!r}")
            if parent not in out:
                raise _fail(f"sub-key {sub!r}: declare {parent!r} before it")
            out[sub] = Element(
                key=sub,
                label=_lang_map(sub_entry, "label", sub, required=True),
                definition=_lang_map(sub_entry, "definition", sub, required=False),
                signals=_signals(sub_entry, sub),
                parent=parent,
            )
    return out


def jurisdictions() -> dict[str, dict[str, str]]:
    """Jurisdiction code -> {"en": name, "ja": name} (uk, eu, ca, jp, draft)."""
    return _jurisdictions(_raw())


def _jurisdictions(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {code: dict(names) for code, names in (data.get("jurisdictions") or {}).items()}


def ignore_phrases() -> dict[str, list[str]]:
    """Boilerplate phrases the auto-tagger blanks out before matching, per language."""
    return _ignore_phrases(_raw())


def _ignore_phrases(data: dict[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for lang, phrases in (data.get("ignore") or {}).items():
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise _fail(f"ignore.{lang} must be a list of phrases (quote a phrase with ': ')")
        out[lang] = list(phrases)
    return out


def _is_extension(key: str, top: str) -> bool:
    rest = key[len(top) + 1 :].split(".")
    return all(_SEGMENT.fullmatch(seg) for seg in rest)


# key -> its top key, for the keys seen so far: the comparator asks for the same few
# hundred tags tens of thousands of times. Bounded: tags come from files anyone may write.
_TOPS: dict[str, str] = {}


def top_key(key: str) -> str:
    """The top-level key a key falls under (grounds.human_rights.torture -> grounds.human_rights).

    Raises KeyError for a key that is not below any top key.
    """
    top = _TOPS.get(key)
    if top is not None:
        return top
    top = _top_key(key)
    if len(_TOPS) < 65536:
        _TOPS[key] = top
    return top


def _top_key(key: str) -> str:
    if key in TOP_KEYS:
        return key
    # Top keys never nest in one another, so at most one can be a dotted prefix.
    for top in TOP_KEYS:
        if key.startswith(top + ".") and _is_extension(key, top):
            return top
    raise KeyError(f"not an element key: {key!r}")


def top_keys(keys) -> set[str]:
    """The top keys a collection of tags falls under; malformed tags are left out (they are
    the map and bill validators' business, not the reader's)."""
    out = set()
    for k in keys:
        try:
            out.add(top_key(k))
        except KeyError:
            continue
    return out


def is_valid_key(key: str) -> bool:
    """A top key, a declared sub-key, or any well-formed dotted extension of a top key."""
    if not isinstance(key, str):
        return False
    if key in load_taxonomy():
        return True
    try:
        top_key(key)
    except KeyError:
        return False
    return True
