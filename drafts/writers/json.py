"""The bill as JSON: the contract other tools and later stages read (drafts/jsoncontract.py,
documented in the README)."""

from __future__ import annotations

import io
import json

from ..jsoncontract import to_dict
from ..model import Document
from . import DEFAULT, WriteOptions


def write(doc: Document, lang: str = "both", options: WriteOptions = DEFAULT) -> bytes:
    # Both languages always: the JSON is for tools, and --lang only shapes documents for people.
    # The same text as json.dumps(..., indent=2), written piece by piece: json.dumps gathers
    # every piece in one list first, several times the size of the output for a long bill.
    buf = io.StringIO()
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(to_dict(doc)):
        buf.write(chunk)
    buf.write("\n")
    return buf.getvalue().encode("utf-8")
