"""Writers of the comparison report. Each is `write(report, lang, by) -> bytes`, pure.

`report` is the dict compare.report.build_report returns (the JSON contract plus what the
human formats need); the CLI decides where the bytes go. The words of the reports are
data: the `compare:` section of templates/reports/labels.yaml, in Japanese and English.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

import yaml

from ...drafts.billfile import TEMPLATES_DIR

FORMATS = {"html": "html", "docx": "docx", "md": "markdown", "json": "json"}
LABELS_FILE = TEMPLATES_DIR / "reports" / "labels.yaml"
LANGS = ("ja", "en")


@cache
def _labels() -> dict[str, dict[str, str]]:
    with LABELS_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    section = (data or {}).get("compare")
    if not isinstance(section, dict):
        raise ValueError(f"{LABELS_FILE}: no 'compare' section")
    out: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for key, words in section.items():
        if not isinstance(words, dict) or any(not isinstance(words.get(x), str) for x in LANGS):
            raise ValueError(f"{LABELS_FILE}: compare.{key} needs both 'ja' and 'en' text")
        for lang in LANGS:
            out[lang][key] = words[lang]
    return out


def labels(lang: str) -> dict[str, str]:
    return _labels()[lang]


def render(report: dict, fmt: str, lang: str, by: str) -> bytes:
    module = import_module(f".{FORMATS[fmt]}", __name__)
    return module.write(report, lang, by)
