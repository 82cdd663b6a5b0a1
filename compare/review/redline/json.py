"""Every change as JSON: label, unit, kind(s), old and new number, and the diff as operations.

    {"old": "...", "new": "...", "summary": {"added": 1, ...},
     "split": {"real": 1, "renumbering": 69},
     "changes": [{"label": "designation", "unit": "article", "kind": "renumbered",
                  "kinds": ["renumbered"], "old_number": {"ja": "第五条", "en": "Article 5"},
                  "new_number": {...}, "old_parent": "designation-chapter",
                  "new_parent": "...", "refs_only": false,
                  "caption": {"ja": [["equal", "指定"]]}, "text": {"ja": [...], "en": [...]}}]}

`text` and `caption` hold, per language, the operations [op, text] with op one of equal,
insert, delete (only where that language's text differs). For added and removed
provisions, `text` holds the whole provision (all its paragraphs) as one insert or delete.
`split` counts the changes that are the drafter's own and those that only follow a
renumbering (kinds == ["renumbered"]), as the Word redline's revision authors divide them.
"""

from __future__ import annotations

import json

from ....drafts.writers import DEFAULT, WriteOptions
from ..versions import LANGS, Change, Comparison
from .renumbering import counts


def _whole(change: Change) -> dict[str, list[list[str]]]:
    prov = change.new or change.old
    op = "insert" if change.new is not None else "delete"
    return {lang: [[op, prov.all_text(lang)]] for lang in LANGS if prov.all_text(lang)}


def change_dict(change: Change) -> dict:
    if change.kind in ("added", "removed"):
        text = _whole(change)
    else:
        text = {lang: [list(op) for op in ops] for lang, ops in change.text.items()}
    return {
        "label": change.label,
        "unit": change.unit,
        "kind": change.kind,
        "kinds": list(change.kinds),
        "old_number": change.number("old") or None,
        "new_number": change.number("new") or None,
        "old_parent": change.old_parent,
        "new_parent": change.new_parent,
        "refs_only": change.refs_only,
        "caption": {lang: [list(op) for op in ops] for lang, ops in change.caption.items()},
        "text": text,
    }


def to_dict(
    cmp: Comparison, old_name: str = "", new_name: str = "", *, changes: bool = True
) -> dict:
    data = {
        "old": old_name,
        "new": new_name,
        "bill": cmp.new.id or cmp.old.id,
        "summary": cmp.summary(),
        "split": counts(cmp),
    }
    if changes:
        data["changes"] = [change_dict(c) for c in cmp.changes]
    return data


def _nested(value, level: int) -> str:
    """value as json.dumps(indent=2) writes it at that depth: its inner lines indented."""
    text = json.dumps(value, ensure_ascii=False, indent=2)
    # No raw newline inside a JSON string (it is written as \\n, escaped): every one starts a line.
    return text.replace("\n", "\n" + " " * level)


def write(cmp: Comparison, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    """The bytes of json.dumps(to_dict(...), ensure_ascii=False, indent=2) + newline, made a
    change at a time: at 5,000 articles the whole dict of changes with their operations is
    tens of MB that are never held at once."""
    # Both languages always: the JSON is for tools.
    head = to_dict(cmp, options.old_name, options.new_name, changes=False)
    chunks = ["{\n"]
    chunks += [f"  {json.dumps(k)}: {_nested(v, 2)},\n" for k, v in head.items()]
    chunks.append('  "changes": [')
    out = [c.encode("utf-8") for c in chunks]
    for i, change in enumerate(cmp.changes):
        text = ("\n    " if i == 0 else ",\n    ") + _nested(change_dict(change), 4)
        out.append(text.encode("utf-8"))
    out.append(("\n  ]" if cmp.changes else "]").encode() + b"\n}\n")
    return b"".join(out)
