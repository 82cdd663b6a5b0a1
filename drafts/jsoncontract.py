"""The JSON contract of a built bill, both ways: `to_dict` (what `clausewise build --format
json` writes) and `from_dict` (what `clausewise diff` and `check` read back).

    {"bill": id, "title": {"ja", "en"}, "options": {...}, "provisions": [...]}

where every provision has kind, label, number {ja, en}, caption {ja, en} or null, text
{ja, en}, elements and children (documented in the README). A document in the contract's
domain (both languages, no source lines, meta holding only the options) comes back equal:
from_dict(to_dict(doc)) == doc.
"""

from __future__ import annotations

from pathlib import Path

from .errors import BillError, InputFileError
from .jsonsource import read_json as read_bounded_json
from .model import KINDS, Document, Provision

LANGS = ("ja", "en")
MAX_NESTING = 20  # provisions inside provisions; a bill has at most six levels


def provision_to_dict(p: Provision, langs: tuple[str, ...] = LANGS) -> dict:
    return {
        "kind": p.kind,
        "label": p.label,
        "number": {lang: p.number.get(lang, "") for lang in langs},
        "caption": ({lang: p.caption.get(lang, "") for lang in langs} if p.caption else None),
        "text": {lang: p.text.get(lang, "") for lang in langs},
        "elements": list(p.elements),
        "children": [provision_to_dict(c, langs) for c in p.children],
    }


def to_dict(doc: Document) -> dict:
    return {
        "bill": doc.id,
        "title": dict(doc.title),
        "options": doc.meta.get("options", {}),
        "provisions": [provision_to_dict(p) for p in doc.provisions],
    }


def _strings(raw, name: str, where: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        raise BillError(f"{where}: '{name}' must map languages to text")
    return dict(raw)


def provision_from_dict(raw, where: str, depth: int = 0) -> Provision:
    if (
        not isinstance(raw, dict)
        or not isinstance(raw.get("kind"), str)
        or not isinstance(raw.get("label"), str)
    ):
        raise BillError(f"{where}: each provision needs a 'kind' and a 'label'")
    if raw["kind"] not in KINDS:
        raise BillError(f"{where}: {raw['kind']!r} is not a kind of provision ({', '.join(KINDS)})")
    if depth > MAX_NESTING:
        raise BillError(f"{where}: provisions nested more than {MAX_NESTING} levels deep")
    caption = raw.get("caption")
    children = raw.get("children")
    children = [] if children is None else children
    if not isinstance(children, list):
        raise BillError(f"{where}: 'children' must be a list")
    elements = raw.get("elements")
    elements = [] if elements is None else elements
    if not isinstance(elements, list) or not all(isinstance(e, str) for e in elements):
        raise BillError(f"{where}: 'elements' must be a list of element keys")
    inner = f"{where} > {raw['label']}"
    return Provision(
        kind=raw["kind"],
        label=raw["label"],
        number=_strings(raw.get("number"), "number", inner),
        caption=_strings(caption, "caption", inner) if isinstance(caption, dict) else None,
        text=_strings(raw.get("text"), "text", inner),
        elements=list(elements),
        children=[provision_from_dict(c, inner, depth + 1) for c in children],
    )


def from_dict(data, file: str) -> Document:
    """The document of a built bill's JSON; anything else is a BillError naming `file`."""
    if not isinstance(data, dict) or not isinstance(data.get("provisions"), list):
        raise BillError(
            "not a built bill: expected a JSON object with 'bill', 'title' and "
            "'provisions' (the output of `clausewise build --format json`)",
            file,
        )
    try:
        provisions = [provision_from_dict(p, "provisions") for p in data["provisions"]]
        title = _strings(data.get("title"), "title", "the bill")
    except BillError as exc:
        raise BillError(exc.message, file) from None
    options = data.get("options", {})
    if not isinstance(options, dict):
        raise BillError("'options' must be a mapping", file)
    bill_id = data.get("bill", "")
    if not isinstance(bill_id, str):
        raise BillError("'bill' must be the bill's id, a string", file)
    return Document(
        id=bill_id,
        title=title,
        provisions=provisions,
        meta={"options": options},
    )


def read_json(path: Path, display: str) -> Document:
    """A built bill's JSON file as a document, read within bounds (drafts/jsonsource.py);
    `display` names it in messages."""
    try:
        data = read_bounded_json(path, display)
    except InputFileError as exc:
        raise BillError(exc.message, exc.file, exc.line) from None
    return from_dict(data, display)
