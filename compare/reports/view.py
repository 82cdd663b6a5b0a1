"""What the human formats (HTML, Word, Markdown) show, computed once from the report dict."""

from __future__ import annotations

from collections.abc import Mapping

from ...drafts.reportkit import labels as report_labels


def labels(lang: str) -> Mapping[str, str]:
    """The comparison's headings and words (templates/reports/labels.yaml, `compare`)."""
    return report_labels("compare", lang)


def jur_name(report: dict, code: str, lang: str) -> str:
    names = report["jurisdiction_names"].get(code)
    return names.get(lang, code) if names else code.upper()


def element_name(report: dict, key: str, lang: str) -> str:
    names = report["element_names"].get(key)
    return names.get(lang, key) if names else key


def columns(report: dict, lang: str) -> list[dict]:
    return [{"code": j, "name": jur_name(report, j, lang)} for j in report["jurisdictions"]]


def title(report: dict, lang: str) -> str:
    return f"{labels(lang)['title']}: {report['title'][lang]}"


def article_heading(a: dict, lang: str) -> str:
    number, caption = a["number"].get(lang, ""), a["caption"].get(lang, "")
    if not caption:
        return number or a["draft"]
    return f"{number}（{caption}）" if lang == "ja" else f"{number} ({caption})"


def article_rows(report: dict) -> list[dict]:
    """One row per draft article: its matches grouped by jurisdiction."""
    rows = []
    for a in report["alignments"]:
        if a["level"] != "article":
            continue
        cells: dict[str, list[dict]] = {j: [] for j in report["jurisdictions"]}
        for m in a["matches"]:
            cells[m["jurisdiction"]].append(m)
        paragraphs = [
            p
            for p in report["alignments"]
            if p["level"] == "paragraph" and p["article"] == a["draft"]
        ]
        rows.append({"article": a, "cells": cells, "paragraphs": paragraphs})
    return rows


def element_rows(report: dict) -> list[dict]:
    """One row per element: the draft articles and the reference provisions tagged with it."""
    articles = {a["draft"]: a for a in report["alignments"] if a["level"] == "article"}
    rows = []
    for key, row in report["coverage"].items():
        draft = [articles[lab] for lab in row["draft"]["labels"] if lab in articles]
        cells = {j: row[j] for j in report["jurisdictions"]}
        rows.append(
            {"key": key, "draft": draft, "draft_status": row["draft"]["status"], "cells": cells}
        )
    return rows


def text_status_label(status: str, lang: str) -> str:
    return labels(lang)[f"text_{status}"]


def draft_refs(report: dict, cell: dict, lang: str) -> str:
    """The draft articles of a matrix cell by their numbers in the report's language."""
    numbers = {
        a["draft"]: a["number"].get(lang) or a["draft"]
        for a in report["alignments"]
        if a["level"] == "article"
    }
    sep = "、" if lang == "ja" else ", "
    return sep.join(numbers.get(lab, lab) for lab in cell.get("labels", []))


def instrument_name(i: dict, lang: str) -> str:
    """Short title in the language, else any title it has: an imported map may carry one."""
    for names in (i.get("short") or {}, i.get("title") or {}):
        if names.get(lang):
            return names[lang]
    for names in (i.get("short") or {}, i.get("title") or {}):
        for value in names.values():
            if value:
                return value
    return i["id"]
