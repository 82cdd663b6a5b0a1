"""The bill as JSON: the contract other tools and later stages read (documented in the README).

{"bill", "title": {"ja", "en"}, "provisions": [...]} where every provision has kind, label,
number {ja, en}, caption {ja, en} or null, text {ja, en}, elements and children.
"""

from __future__ import annotations

import io
import json

from ..model import Document, Provision
from . import DEFAULT, WriteOptions


def provision_dict(p: Provision, langs=("ja", "en")) -> dict:
    out = {
        "kind": p.kind,
        "label": p.label,
        "number": {lang: p.number.get(lang, "") for lang in langs},
        "caption": ({lang: p.caption.get(lang, "") for lang in langs} if p.caption else None),
        "text": {lang: p.text.get(lang, "") for lang in langs},
        "elements": list(p.elements),
        "children": [provision_dict(c, langs) for c in p.children],
    }
    return out


def to_dict(doc: Document) -> dict:
    return {
        "bill": doc.id,
        "title": dict(doc.title),
        "options": doc.meta.get("options", {}),
        "provisions": [provision_dict(p) for p in doc.provisions],
    }


def write(doc: Document, lang: str = "both", options: WriteOptions = DEFAULT) -> bytes:
    # Both languages always: the JSON is for tools, and --lang only shapes documents for people.
    # The same text as json.dumps(..., indent=2), written piece by piece: json.dumps gathers
    # every piece in one list first, several times the size of the output for a long bill.
    buf = io.StringIO()
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(to_dict(doc)):
        buf.write(chunk)
    buf.write("\n")
    return buf.getvalue().encode("utf-8")
