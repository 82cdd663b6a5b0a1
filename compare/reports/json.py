"""The comparison as JSON, for other tools: the contract documented in the README."""

from __future__ import annotations

import json

from ...drafts.writers import DEFAULT, WriteOptions


def write(report: dict, lang: str = "en", options: WriteOptions = DEFAULT) -> bytes:
    # Language and row grouping are presentation; the JSON always holds everything.
    return (json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()
