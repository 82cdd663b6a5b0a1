"""Where in the files an aide edits a provision comes from: bill file line or template line.

A rendered provision keeps its article's bill-file line, and the template it came from is
in doc.meta["templates"]. Its own line in the template is found by (1) the text looked
for, if it is written literally in the template (an outdated word, a leftover `{{`);
(2) `label=…` on the unit's directive; (3) the `ja:`/`en:` line whose literal pieces
(the parts outside `{{ … }}` and `{% … %}`) best cover the rendered text.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ...drafts.model import Document, Provision

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")


def shown(path: str | None) -> str | None:
    """A path as a message shows it: relative to the current folder when it is below it."""
    if not path or ":" in path.split("/")[0]:  # REV:PATH stays as it is
        return path
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def _read_lines(path: str) -> tuple[str, ...]:
    try:
        return tuple(Path(path).read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


class Locator:
    def __init__(self, doc: Document, bill=None, json_file: str | None = None) -> None:
        self.doc, self.bill, self.json_file = doc, bill, json_file
        self.templates: dict[str, str] = doc.meta.get("templates", {}) or {}
        self._cache: dict[str, tuple[str, ...]] = {}
        # A long bill has many findings in the same template lines: each search is made
        # once (the checks of a 5,000-article bill locate hundreds of thousands of findings).
        self._found: dict[tuple, int | None] = {}
        self._shown: dict[str, str | None] = {}
        self._json_index: dict[str, int] | None = None
        self.bill_lines: dict[str, int | None] = {}
        if bill is not None:
            for ch in bill.chapters:
                self.bill_lines[ch.label] = ch.line
                for a in ch.articles:
                    self.bill_lines[a.label] = a.line
            for a in bill.supplementary:
                self.bill_lines[a.label] = a.line
            if bill.reason is not None:
                self.bill_lines["reason"] = bill.reason.line

    def _lines(self, path: str) -> tuple[str, ...]:
        if path not in self._cache:
            self._cache[path] = _read_lines(path)
        return self._cache[path]

    @property
    def bill_file(self) -> str | None:
        if self.bill is not None:
            return shown(self.bill.display)
        return self.json_file

    def _json_line(self, label: str) -> int | None:
        """The first line of the JSON file holding `"label": "LABEL"`."""
        if '"' in label or "\\" in label:  # not as the index reads labels: search
            needle = f'"label": "{label}"'
            for i, line in enumerate(self._lines(self.json_file or ""), 1):
                if needle in line:
                    return i
            return None
        if self._json_index is None:
            self._json_index = {}
            key = '"label": "'
            for i, line in enumerate(self._lines(self.json_file or ""), 1):
                start = line.find(key)
                while start >= 0:
                    begin = start + len(key)
                    end = line.find('"', begin)
                    if end < 0:
                        break
                    self._json_index.setdefault(line[begin:end], i)
                    start = line.find(key, begin)
        return self._json_index.get(label)

    def _shown_path(self, path: str) -> str | None:
        if path not in self._shown:
            self._shown[path] = shown(path)
        return self._shown[path]

    def _search(self, kind: str, template: str, *args) -> int | None:
        """One search of a template's lines, made once per template and arguments."""
        key = (kind, template, *args)
        if key not in self._found:
            lines = self._lines(template)
            if kind == "needle":
                self._found[key] = next(
                    (i for i, line in enumerate(lines, 1) if args[0] in line), None
                )
            elif kind == "label":
                self._found[key] = self._by_label(lines, *args)
            else:
                self._found[key] = self._by_text(lines, *args)
        return self._found[key]

    def of_entry(self, label: str) -> tuple[str | None, int | None]:
        """An article or chapter: its entry in the bill file."""
        if self.bill is None:
            return self.json_file, self._json_line(label)
        return self.bill_file, self.bill_lines.get(label)

    def of_unit(
        self,
        article: str,
        unit: Provision | None = None,
        lang: str = "ja",
        needle: str | None = None,
    ) -> tuple[str | None, int | None]:
        """A provision inside an article: the template line it comes from."""
        if self.bill is None:
            return self.json_file, self._json_line(unit.label if unit else article)
        template = self.templates.get(article)
        if not template or not self._lines(template):
            return self.of_entry(article)
        if needle:
            hit = self._search("needle", template, needle)
            if hit is not None:
                return self._shown_path(template), hit
        if unit is not None and unit.kind != "article":
            hit = self._search("label", template, unit.label, lang)
            if hit is None:
                hit = self._search("text", template, unit.text.get(lang, ""), lang)
            if hit is not None:
                return self._shown_path(template), hit
        return self._shown_path(template), 1

    @staticmethod
    def _by_label(lines: tuple[str, ...], label: str, lang: str) -> int | None:
        attr = f"label={label}"
        pattern = None
        for i, line in enumerate(lines):
            if attr not in line:  # the regex only where it can match: one per label
                continue
            pattern = pattern or re.compile(rf"\blabel={re.escape(label)}(\s|$)")
            if pattern.search(line):
                for j in range(i + 1, min(i + 6, len(lines))):
                    if lines[j].lstrip().startswith(f"{lang}:"):
                        return j + 1
                return i + 1
        return None

    @staticmethod
    def _by_text(lines: tuple[str, ...], text: str, lang: str) -> int | None:
        if not text:
            return None
        best, best_line = 0, None
        for i, line in enumerate(lines, 1):
            stripped = line.lstrip()
            if not stripped.startswith(f"{lang}:"):
                continue
            pieces = [p.strip() for p in _JINJA.split(stripped[len(lang) + 1 :])]
            score = sum(len(p) for p in pieces if len(p) >= 2 and p in text)
            if score > best:
                best, best_line = score, i
        return best_line
