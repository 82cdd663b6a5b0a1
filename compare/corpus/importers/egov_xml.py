"""e-Gov 法令標準XML: any Japanese law as e-Gov serves it (the parsing is shared with the
review wing's diff in drafts/readers/egov.py; this module only adapts it for the corpus)."""

from __future__ import annotations

from pathlib import Path

from ....drafts.model import Document
from ....drafts.readers import egov

sniff = egov.sniff


def load(
    path: str | Path, *, doc_id: str | None = None, citation: str | None = None, **_ignored
) -> Document:
    doc = egov.load(path)
    if doc_id:
        doc.id = doc_id
    doc.citation = citation or doc.citation
    return doc
