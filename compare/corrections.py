"""The aide's corrections to the comparison, from the bill file's `compare:` mapping.

    compare:
      pin:                       # draft label -> matches that must be shown
        designation: [uk-ghr-2020 reg. 6]
        asset-freeze:
          - {match: eu-reg-2020-1998 Art. 3, reason: the freeze article, text not in corpus}
      forbid:                    # draft label -> matches that must never be shown
        purpose: [ca-jvcfoa-2017 preamble]
      waive:                     # element -> why the draft leaves it out (printed)
        grounds.corruption: Corruption is left to the Unfair Competition Prevention Act.

A match is written "INSTRUMENT CITATION" or "INSTRUMENT LABEL" (`uk-ghr-2020 reg. 6`,
`uk-ghr-2020 reg-6`). The draft label is an article's or a paragraph's. Everything is
checked against the maps and the rendered draft; each mistake is an error naming the bill
file and the line.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..drafts.billfile import BillFile
from ..drafts.errors import BillError, ClausewiseError
from ..drafts.model import Document
from ..drafts.taxonomy import is_valid_key
from .align import Corrections
from .corpus.maps import ProvisionMap

KEYS = ("pin", "forbid", "waive")


@dataclass(frozen=True)
class Correction:
    """An aide's correction of an alignment: pin, forbid or waive."""

    kind: str  # pin | forbid | waive
    target: str  # draft label (pin, forbid) or element key (waive)
    instrument: str | None = None
    label: str | None = None
    citation: str | None = None
    reason: str | None = None

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def _error(bill: BillFile, message: str, *path) -> ClausewiseError:
    if bill.doc is not None:
        return bill.doc.error(message, "compare", *path)
    return BillError(message, bill.display)


def _resolve(bill, maps, spec: str, path) -> tuple[str, str, str]:
    inst_id, _, rest = spec.strip().partition(" ")
    if inst_id not in maps:
        raise _error(
            bill, f"unknown instrument {inst_id!r} in {spec!r}; known: {', '.join(maps)}", *path
        )
    m = maps[inst_id]
    entry = m.entry(rest.strip()) or m.by_citation(rest.strip()) if rest.strip() else None
    if entry is None:
        raise _error(
            bill,
            f"{spec!r}: {inst_id} has no provision {rest.strip()!r} (write the citation, "
            f"e.g. {m.entries[0].citation!r}, or the label, e.g. {m.entries[0].label!r})",
            *path,
        )
    return inst_id, entry.label, entry.citation


def _matches(bill, maps, kind: str, raw, labels: set[str]) -> list[Correction]:
    if not isinstance(raw, dict):
        raise _error(bill, f"'{kind}' must map draft labels to lists of matches", kind)
    out = []
    for target, items in raw.items():
        if target not in labels:
            raise _error(
                bill,
                f"{kind}: the draft has no article or paragraph labelled {target!r}",
                kind,
                target,
            )
        if isinstance(items, str | dict):
            items = [items]
        if not isinstance(items, list) or not items:
            raise _error(
                bill,
                f"{kind}.{target}: give a list of matches such as [uk-ghr-2020 reg. 6]",
                kind,
                target,
            )
        for i, item in enumerate(items):
            path = (kind, target, i)
            reason = None
            if isinstance(item, dict):
                extra = set(item) - {"match", "reason"}
                if extra or not isinstance(item.get("match"), str):
                    raise _error(
                        bill,
                        f"{kind}.{target}: an entry is a match string or "
                        "{match: ..., reason: ...}",
                        *path,
                    )
                reason, item = item.get("reason"), item["match"]
                if reason is not None and not (isinstance(reason, str) and reason.strip()):
                    raise _error(bill, f"{kind}.{target}: 'reason' must be text", *path)
            if not isinstance(item, str):
                raise _error(
                    bill,
                    f"{kind}.{target}: {item!r} is not a match like 'uk-ghr-2020 reg. 6'",
                    *path,
                )
            inst, label, cite = _resolve(bill, maps, item, path)
            out.append(Correction(kind, target, inst, label, cite, reason))
    return out


def _waivers(bill, raw) -> list[Correction]:
    if not isinstance(raw, dict):
        raise _error(
            bill, "'waive' must map element keys to the reason for leaving them out", "waive"
        )
    out = []
    for key, reason in raw.items():
        if not is_valid_key(key):
            raise _error(
                bill,
                f"waive: {key!r} is not an element of the taxonomy (drafts/taxonomy.yaml)",
                "waive",
                key,
            )
        if not isinstance(reason, str) or not reason.strip():
            raise _error(
                bill, f"waive: {key!r} needs a reason (the report prints it)", "waive", key
            )
        out.append(Correction("waive", key, reason=reason.strip()))
    return out


def parse(bill: BillFile, doc: Document, maps: dict[str, ProvisionMap]) -> list[Correction]:
    raw = bill.compare or {}
    for key in raw:
        if key not in KEYS:
            raise _error(
                bill, f"unknown key {key!r} under 'compare'; allowed: {', '.join(KEYS)}", key
            )
    labels = {p.label for p in doc.walk() if p.kind in ("article", "paragraph")}
    out: list[Correction] = []
    for kind in ("pin", "forbid"):
        if raw.get(kind) is not None:
            out += _matches(bill, maps, kind, raw[kind], labels)
    if raw.get("waive") is not None:
        out += _waivers(bill, raw["waive"])
    pins = {(c.target, c.instrument, c.label) for c in out if c.kind == "pin"}
    for c in out:
        if c.kind == "forbid" and (c.target, c.instrument, c.label) in pins:
            raise _error(
                bill,
                f"{c.target}: {c.instrument} {c.citation} is both pinned and forbidden",
                "forbid",
                c.target,
            )
    return out


def to_corrections(items: list[Correction]) -> Corrections:
    corr = Corrections()
    for c in items:
        if c.kind == "waive":
            corr.waivers[c.target] = c.reason or ""
            continue
        book = corr.pins if c.kind == "pin" else corr.forbids
        book.setdefault(c.target, []).append((c.instrument, c.label, c.reason))
    return corr
