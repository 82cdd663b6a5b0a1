"""The comparison as a Word document: landscape A4; the legend and the coverage matrix first,
then the gaps, the side-by-side table and the wording of each match, sentence by sentence.
Tables have a header row that repeats on every page (w:tblHeader).

Built on drafts.wordkit (house style, mincho for Japanese, page numbers, reproducible
bytes, XML-safe text). The wording carries the same passages as the HTML report: shared
legal concepts highlighted, and in close sentences the draft-only words struck through and the
reference-only words underlined (formatting, not tracked changes: the text is not the
document's own to accept or reject).
"""

from __future__ import annotations

import io
import re
import tempfile

from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Mm, Pt
from docx.table import _Cell
from lxml import etree

from ...drafts.wordkit import (
    StyleIds,
    add_text,
    new_document,
    repeat_header,
    save,
    save_pieces,
    set_style,
    usable_width_mm,
    xml_safe,
)
from ...drafts.writers import DEFAULT, WriteOptions
from . import view

USABLE_MM = usable_width_mm(landscape=True)


SMALL = Pt(8)


def _ids(doc) -> StyleIds:
    """The document's style ids, looked up once (python-docx looks a name up each time)."""
    ids = doc.__dict__.get("_cw_style_ids")
    if ids is None:
        ids = doc.__dict__["_cw_style_ids"] = StyleIds(doc)
        doc.__dict__["_cw_grid"] = doc.styles["Table Grid"]
    return ids


def _para(doc, text: str, style: str | None = None):
    p = doc.add_paragraph(xml_safe(text))
    if style is not None:
        set_style(p, _ids(doc), style)
    return p


def _cell(cell, lines: list[tuple[str, bool]]) -> None:
    """Fill a cell with (text, bold) lines, in the small table font."""
    para = cell.paragraphs[0]
    for i, (text, bold) in enumerate(lines):
        if i:
            para = cell.add_paragraph()
        run = add_text(para, text, bold)
        run.font.size = SMALL


def _segments(para, parts: list[tuple[str, str]]) -> None:
    for kind, text in parts:
        run = add_text(para, text)
        run.font.size = SMALL
        if kind == "mark":
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        elif kind == "delete":
            run.font.strike = True
        elif kind == "insert":
            run.font.underline = True


def _table(doc, header: list[str], widths: list[float]):
    table = doc.add_table(rows=1, cols=len(header))
    _ids(doc)
    table.style = doc.__dict__["_cw_grid"]
    table.autofit = False
    for cell, text, w in zip(table.rows[0].cells, header, widths, strict=True):
        cell.width = Mm(w)
        _cell(cell, [(text, True)])
    repeat_header(table.rows[0])
    return table


def _cells(table):
    """The new last row's cells. (python-docx's row.cells walks the whole table's grid,
    which makes a table of n rows cost n²; the Word report has hundreds of rows.)"""
    row = table.add_row()
    return [_Cell(tc, table) for tc in row._tr.tc_lst]


def _add_row(table, widths, contents: list[list[tuple[str, bool]]]) -> None:
    for cell, lines, w in zip(_cells(table), contents, widths, strict=True):
        cell.width = Mm(w)
        _cell(cell, lines)


def _widths(n_cols: int, first: float) -> list[float]:
    rest = (USABLE_MM - first) / n_cols
    return [first] + [rest] * n_cols


def _status(cell: dict, L: dict, lang: str, cites: str) -> list[tuple[str, bool]]:
    lines = [(L[cell["status"]], True)]
    reason = view.reason_text(cell, lang) if cell["status"] != "present" else ""
    if reason:
        lines.append((reason, False))
    if cites:
        lines.append((cites, False))
    return lines


def _gaps(doc, report: dict, L: dict, lang: str) -> None:
    _para(doc, L["gaps"], "Heading 2")
    gaps = report["gaps"]
    for kind in ("not_in_draft", "only_in_draft"):
        _para(doc, L[kind], style="Heading 3")
        groups = view.gap_groups(report, kind, lang)
        for g in groups:
            _para(doc, g["name"], style="List Bullet")
            for it in g["items"]:
                name = L["whole_element"] if it["top"] else it["name"]
                _para(doc, f"{name} — {it['where']}", style="List Bullet 2")
        if not groups:
            _para(doc, L["nothing"])
    if gaps.get("contradictions"):
        _para(doc, L["contradictions"], style="Heading 3")
        for g in gaps["contradictions"]:
            _para(
                doc,
                f"{view.element_name(report, g['element'], lang)} — {L['contradiction_note']} "
                f"{view.draft_refs(report, g, lang)} ({L['reason']}: {g['reason']})",
                style="List Bullet",
            )
    if gaps["waived"]:
        _para(doc, L["waived"], style="Heading 3")
        for g in gaps["waived"]:
            _para(
                doc,
                f"{view.element_name(report, g['element'], lang)} — {L['reason']}: {g['reason']}",
                style="List Bullet",
            )


def _match_line(m: dict, L: dict, lang: str) -> str:
    pin = f" [{L['pinned']}]" if m.get("pinned") else ""
    also = ""
    if m.get("also"):
        also = f" ({L['also']}: " + ", ".join(view.cite(o, lang) for o in m["also"]) + ")"
    return f"{view.cite(m, lang)}{pin}{also}"


def _wording(doc, report: dict, m: dict, L: dict, lang: str) -> None:
    w = m.get("wording") or {}
    _para(doc, f"{_match_line(m, L, lang)} {m['heading']}".strip(), "Heading 4")
    _para(doc, view.explain(report, m, lang))
    if w.get("source") == "summary":
        _para(doc, L["summary"]).runs[0].italic = True
        _para(doc, w["summary"][lang])
        return
    if w.get("source") != "text":
        return
    note = L["side_by_side_note"] + (f"; {L['close_diff']}" if w.get("diffed") else "")
    pair = f"{view.passage_name(w, lang)} ↔ {view.reference_passage_name(w, lang)}"
    _para(doc, f"{L['wording']} ({pair}): {note}")
    if lang == "ja" and w.get("draft_text_ja"):
        _para(doc, f"{L['draft_ja']}: {w['draft_text_ja']}")
    widths = [USABLE_MM / 2, USABLE_MM / 2]
    table = _table(doc, [L["draft"], L["reference_text"]], widths)
    for r in w["rows"]:
        d, ref = view.row_segments(r)
        for cell, parts, width in zip(_cells(table), (d, ref), widths, strict=True):
            cell.width = Mm(width)
            _segments(cell.paragraphs[0], parts)


def _head(report: dict, lang: str):
    """The document up to the side-by-side table: title, instruments, matrix, legend, gaps,
    corrections and the table's heading."""
    L = view.labels(lang)
    cols = view.columns(report, lang)
    doc = new_document(view.title(report, lang), landscape=True)
    _para(doc, view.title(report, lang), "Heading 1")
    _para(
        doc,
        f"{L['compared']}: "
        + "; ".join(
            f"{view.instrument_name(i, lang)} ({view.instrument_citation(i, lang)}, "
            f"{view.text_status_label(i['text_status'], lang)})"
            for i in report["instruments"]
        ),
    )
    for n in view.notes(report, lang):
        _para(doc, f"{L['notes']}: {n}")

    _para(doc, L["coverage"], "Heading 2")
    widths = _widths(len(cols) + 1, 45)
    table = _table(doc, [L["element"], L["draft"], *[c["name"] for c in cols]], widths)
    for key, row in report["coverage"].items():
        cells = [[(view.element_name(report, key, lang), True)]]
        for code in ["draft", *[c["code"] for c in cols]]:
            cell = row[code]
            cites = (
                view.draft_refs(report, cell, lang)
                if code == "draft"
                else ", ".join(view.cite(r, lang) for r in cell["refs"])
            )
            cells.append(_status(cell, L, lang, cites))
        _add_row(table, widths, cells)
    _para(doc, L["legend_title"], style="Heading 3")
    for _s, word, meaning in view.legend(lang):
        p = _para(doc, "", "List Bullet")
        add_text(p, word, True)
        add_text(p, f": {meaning}")

    _gaps(doc, report, L, lang)
    if report["corrections"]:
        _para(doc, L["corrections"], "Heading 2")
        for c in report["corrections"]:
            target = view.correction_target(report, c, lang)
            text = f"{L[c['kind']]}: {target}"
            if c.get("instrument"):
                text += f" ↔ {c['instrument']} {c['citation']}"
            if c.get("reason"):
                text += f" — {L['reason']}: {c['reason']}"
            _para(doc, text, style="List Bullet")

    _para(doc, L["alignment"], "Heading 2")
    return doc


def _article_cells(report: dict, r: dict, L, lang: str, cols) -> list[list[tuple[str, bool]]]:
    a = r["article"]
    cells = [
        [
            (view.article_heading(a, lang), True),
            (" · ".join(view.element_name(report, k, lang) for k in a["elements"]), False),
        ]
    ]
    for c in cols:
        lines: list[tuple[str, bool]] = []
        for m in r["cells"][c["code"]]:
            lines.append((_match_line(m, L, lang), True))
            if m["heading"]:
                lines.append((m["heading"], False))
            lines.append((f"{L['score']} {m['score']:.2f}", False))
        cells.append(lines or [(L["no_match"], False)])
    return cells


def _article_wording(doc, report: dict, r: dict, L, lang: str, cols) -> None:
    a = r["article"]
    _para(doc, view.article_heading(a, lang), "Heading 3")
    text = a.get("text", {}).get(lang, "")
    for line in text.splitlines():
        if line.strip():
            _para(doc, line)
    for c in cols:
        for m in r["cells"][c["code"]]:
            _wording(doc, report, m, L, lang)


def write(report: dict, lang: str = "ja", options: WriteOptions = DEFAULT) -> bytes:
    """The whole document built in memory, then saved (the streamed one: stream)."""
    by = options.by
    L = view.labels(lang)
    cols = view.columns(report, lang)
    doc = _head(report, lang)
    if by == "element":
        widths = [30.0, 50.0] + [(USABLE_MM - 80) / len(cols)] * len(cols)
        table = _table(doc, [L["element"], L["draft"], *[c["name"] for c in cols]], widths)
        for r in view.element_rows(report):
            cells = [[(view.element_name(report, r["key"], lang), True)]]
            cells.append(
                [(view.article_heading(a, lang), False) for a in r["draft"]]
                or [(L[r["draft_status"]], True)]
            )
            for c in cols:
                cell = r["cells"][c["code"]]
                cells.append(
                    [
                        (f"{_match_line(x, L, lang)} {x['heading']}".strip(), False)
                        for x in cell["refs"]
                    ]
                    or _status(cell, L, lang, "")
                )
            _add_row(table, widths, cells)
        return save(doc)
    rows = list(view.article_rows(report))
    widths = _widths(len(cols), 60)
    table = _table(doc, [L["article"], *[c["name"] for c in cols]], widths)
    for r in rows:
        _add_row(table, widths, _article_cells(report, r, L, lang, cols))

    _para(doc, L["wording"], "Heading 2")
    for r in rows:
        _article_wording(doc, report, r, L, lang, cols)
    return save(doc)


# --- streamed ----------------------------------------------------------------------------------

_MARK = "clausewise-stream-mark-"


def stream(report: dict, lang: str, options: WriteOptions, out) -> None:
    """The document written as it is made, for a long bill: the head is built with
    python-docx as in write(); each article's row of the side-by-side table and its wording
    are built in the same document, serialised and removed at once, the rows into the
    package's document.xml as it is zipped and the wording into a temporary file joined
    after the table. Word reads the same document as write() makes (the XML of a streamed
    element declares its namespaces itself)."""
    if options.by == "element":  # one row per element: small whatever the bill's length
        out.write(write(report, lang, options))
        return
    L = view.labels(lang)
    cols = view.columns(report, lang)
    doc = _head(report, lang)
    widths = _widths(len(cols), 60)
    table = _table(doc, [L["article"], *[c["name"] for c in cols]], widths)
    _add_row(table, widths, [[(_MARK + "rows", False)]] + [[("", False)]] * len(cols))
    _para(doc, L["wording"], "Heading 2")
    _para(doc, _MARK + "wording")
    body = doc.element.body
    tbl = table._tbl
    mark_p = body[-2]  # the marker paragraph; the section properties stay last
    head, between, tail = _split(doc)
    tbl.remove(tbl.tr_lst[-1])  # the marker row, whose place _split found
    with tempfile.TemporaryFile() as rows, tempfile.TemporaryFile() as wording:
        for r in view.article_rows(report):
            _add_row(table, widths, _article_cells(report, r, L, lang, cols))
            tr = tbl.tr_lst[-1]
            rows.write(_xml(tr))
            tbl.remove(tr)
            _article_wording(doc, report, r, L, lang, cols)
            made = []  # the elements after the marker, last first (the section stays last)
            while body[-2] is not mark_p:
                made.append(body[-2])
                body.remove(made[-1])
            for el in reversed(made):
                wording.write(_xml(el))
        save_pieces(doc, out, [head, rows, between, wording, tail])


def _xml(element) -> bytes:
    return etree.tostring(element, encoding="unicode").encode("utf-8")


def _split(doc) -> tuple[bytes, bytes, bytes]:
    """document.xml around the two markers: up to the marker row, between it and the
    marker paragraph, after that paragraph."""
    buf = io.BytesIO()
    doc.element.getroottree().write(buf, encoding="UTF-8", standalone=True)
    xml = buf.getvalue()
    a = _MARK.encode() + b"rows"
    b = _MARK.encode() + b"wording"
    at_a, at_b = xml.index(a), xml.index(b)
    tr_start = [m.start() for m in re.finditer(rb"<w:tr[ >]", xml[:at_a])][-1]
    tr_end = xml.index(b"</w:tr>", at_a) + len(b"</w:tr>")
    p_start = [m.start() for m in re.finditer(rb"<w:p[ >]", xml[:at_b])][-1]
    p_end = xml.index(b"</w:p>", at_b) + len(b"</w:p>")
    return xml[:tr_start], xml[tr_end:p_start], xml[p_end:]
