"""The comparison as JSON, for other tools: the contract documented in the README."""

from __future__ import annotations

import json

from ...drafts.writers import DEFAULT, WriteOptions


def write(report: dict, lang: str = "en", options: WriteOptions = DEFAULT) -> bytes:
    # Language and row grouping are presentation; the JSON always holds everything.
    # Compact unless asked: json's C encoder serves only indent=None, and the indented
    # output of a long bill took a tenth of the comparison's time and twice its memory.
    if options.pretty:
        text = json.dumps(report, ensure_ascii=False, indent=2)
    else:
        text = json.dumps(report, ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode()
