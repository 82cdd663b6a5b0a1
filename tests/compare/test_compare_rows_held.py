"""The comparison's rows as the report writers read them: a short bill's rows held in memory
as the comparator made them, a long bill's read back from the spool's file (only the levels
asked for), and the HTML page's side-by-side rows made in Python as plain text for the
sandboxed, autoescaped template.

On the default bill against every reference law: the held rows and the rows read back from
the file give byte-identical reports in every format; no writer changes a held row; hostile
text in every field the side-by-side rows print is escaped on the page.
"""

from __future__ import annotations

import copy
import io
import json

import lxml.html
import pytest
from clausewise.compare.report import run_compare
from clausewise.compare.reports import render, stream
from clausewise.compare.spool import RowSpool
from clausewise.drafts.writers import WriteOptions

from tests.helpers import DATA, REPO

FORMATS = ("html", "md", "docx", "json")
HOSTILE = '<script>alert(1)</script><b title="&amp;">x</b>'


def _rows(n: int) -> list[dict]:
    """Rows like the report's: an article, then its paragraphs, text that JSON escapes."""
    out = []
    for a in range(n):
        out.append({"draft": f"a{a}", "level": "article", "text": f"第{a}条\n「引用」\\"})
        out += [{"draft": f"a{a}p{p}", "level": "paragraph", "score": p / 3} for p in range(3)]
    return out


@pytest.mark.parametrize("hold", [0, 200, 1 << 20])
def test_spool_reads_back_every_row_held_or_not(hold):
    rows = _rows(6)
    spool = RowSpool(rows, hold_bytes=hold)
    assert spool.held == (sum(len(line) + 1 for line in spool.lines()) <= hold)
    assert list(spool) == rows
    assert list(spool.where("article")) == [r for r in rows if r["level"] == "article"]
    assert list(spool.where("none")) == []
    # The JSON of every row joined, whatever the size of the pieces copied.
    lines = list(spool.lines())
    assert [json.loads(line) for line in lines] == rows
    for size in (1, 7, 1 << 18):
        assert b"".join(spool.joined(b",", size)) == b",".join(lines)
    # Readers interleave, and a row appended while one reads is read too.
    seen = []
    for n, row in enumerate(spool.where("article")):
        seen.append(row["draft"])
        if n == 0:
            spool.append({"draft": "late", "level": "article"})
        assert [r["draft"] for r in spool][: len(rows)] == [r["draft"] for r in rows]
    assert seen == [f"a{a}" for a in range(6)] + ["late"]
    assert list(spool)[-1] == {"draft": "late", "level": "article"}
    empty = RowSpool()
    assert not empty and list(empty.joined(b",")) == [] and list(empty) == []


def test_held_lines_make_no_file_until_they_pass_the_size_held():
    rows = _rows(4)
    spool = RowSpool(rows[:2], hold_bytes=300)
    assert spool.held and spool._file is None  # nothing written while the rows are held
    lines = spool.lines()
    first = next(lines)
    for row in rows[2:]:  # past 300 bytes while a reader is between lines
        spool.append(row)
    assert not spool.held and spool._file is not None
    assert [json.loads(line) for line in [first, *lines]] == rows
    assert b"".join(spool.joined(b",", 5)) == b",".join(spool.lines())


def test_spool_lets_its_rows_go_past_the_size_it_holds():
    spool = RowSpool(hold_bytes=300)
    rows = _rows(4)
    for n, row in enumerate(rows):
        spool.append(row)
        if spool.held:
            assert list(spool) == rows[: n + 1]
    assert not spool.held and list(spool) == rows
    # Read back from the file: equal rows, not the objects appended.
    assert all(a == b and a is not b for a, b in zip(spool, rows, strict=True))


@pytest.fixture(scope="module")
def report(corpus_dir):
    return run_compare(str(REPO / "drafts" / "jp-magnitsky.yaml"), None, str(corpus_dir))


def _write(report: dict, fmt: str, lang: str, by: str) -> bytes:
    out = io.BytesIO()
    stream(report, fmt, lang, WriteOptions(by=by), out)
    return out.getvalue()


def test_held_rows_and_rows_read_back_give_the_same_reports(report):
    spool = report["alignments"]
    assert spool.held  # the shipped bill is short: its rows are held
    from_file = dict(report, alignments=RowSpool(spool, hold_bytes=0))
    assert not from_file["alignments"].held
    for fmt in FORMATS:
        for lang in ("ja", "en"):
            for by in ("article", "element"):
                held = _write(report, fmt, lang, by)
                assert held == _write(from_file, fmt, lang, by), (fmt, lang, by)
    # No writer changed a held row: each still equals its JSON in the file.
    assert [json.loads(line) for line in spool.lines()] == list(spool)


def _hostile_report(report: dict) -> tuple[dict, dict]:
    """The report with hostile text in every field a side-by-side row prints, on the first
    article with a wording of the law's text; that article's row."""
    rows = copy.deepcopy(list(report["alignments"]))
    a = next(
        r
        for r in rows
        if r["level"] == "article"
        and any((m.get("wording") or {}).get("source") == "text" for m in r["matches"])
    )
    for lang in ("ja", "en"):
        a["caption"][lang] = HOSTILE
        a["text"][lang] = HOSTILE + "\n" + a["text"][lang]
    names = copy.deepcopy(report["element_names"])
    names[a["elements"][0]] = {"ja": HOSTILE, "en": HOSTILE}
    for m in a["matches"]:
        m.update(cite=HOSTILE, heading=HOSTILE, explanation_ja=HOSTILE, cite_ja=HOSTILE)
        m["url"] = 'https://example.org/?a=1&b="2"<x>'
        w = m.get("wording") or {}
        if w.get("source") == "text":
            w.update(draft_passage=HOSTILE, draft_passage_ja=HOSTILE, reference_passage=HOSTILE)
            w["draft_text_ja"] = HOSTILE
            for r in w["rows"]:
                r["draft"] = HOSTILE + r["draft"]
                r["reference"] = HOSTILE + r["reference"]
                r.pop("draft_marks", None)
                r.pop("reference_marks", None)
    return dict(report, alignments=rows, element_names=names), a


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_hostile_text_in_the_side_by_side_rows_is_escaped(report, lang):
    hostile, article = _hostile_report(report)
    page = lxml.html.fromstring(render(hostile, "html", lang))
    (row,) = page.xpath(f"//tr[@id='a-{article['draft']}']")
    # Only the page's own filter script, and no element the text would have made.
    assert len(page.xpath("//script")) == 1 and not page.xpath("//script[contains(., 'alert')]")
    assert not row.xpath(".//b")
    text = row.text_content()
    # Heading, element tags, draft text, and per match the citation, heading, explanation,
    # passages, Japanese draft text and both sides of every wording row: all as text.
    # (A match folded into another of the same wording shows its citation only.)
    assert text.count(HOSTILE) >= 3 + len(article["matches"])
    assert text.count(HOSTILE) > 3 + 3 * len(article["matches"])
    hrefs = row.xpath(".//div[@class='head']/a/@href")
    assert hrefs and set(hrefs) == {'https://example.org/?a=1&b="2"<x>'}
    raw = render(hostile, "html", lang).decode("utf-8")
    assert "https://example.org/?a=1&amp;b=&#34;2&#34;&lt;x&gt;" in raw


# The wording rows as the page's template wrote them before view.rows_html made them.
_FORMER_ROWS = (
    "{% for diff, ds, rs in rows %}\n"
    '<tr class="{% if diff %}diff{% else %}pair{% endif %}">{% for parts in (ds, rs) %}<td>'
    "{% for kind, t in parts %}{% if kind == 'insert' %}<ins>{{ t }}</ins>"
    "{% elif kind == 'delete' %}<del>{{ t }}</del>{% elif kind == 'mark' %}<mark>{{ t }}</mark>"
    "{% else %}{{ t }}{% endif %}{% endfor %}</td>{% endfor %}</tr>\n"
    "{% endfor %}\n"
)


def test_wording_rows_markup_is_the_templates(report):
    import jinja2
    import markupsafe
    from clausewise.compare.reports import view

    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    former = env.from_string(_FORMER_ROWS)
    hostile, _ = _hostile_report(report)
    seen = set()
    for a in [*report["alignments"], *hostile["alignments"]]:
        for m in a["matches"]:
            w = m.get("wording") or {}
            if w.get("source") != "text":
                continue
            rows = [(bool(r.get("ops")), *view.row_segments(r)) for r in w["rows"]]
            assert view.rows_html(w["rows"]) == former.render(rows=rows)
            seen |= {kind for _, *sides in rows for side in sides for kind, _ in side}
    # Every kind of segment was met: diffs, marks, plain text.
    assert seen == {"text", "mark", "insert", "delete"}
    for text in (HOSTILE, "a & b < c > d ' e \" f", "「引用」\\", ""):
        assert view.escape_text(text) == str(markupsafe.escape(text))


# An article's cells as the page's template wrote them before view.cells_html made them
# (tests/data/former-side-cells.html.j2; the wording's rows in it as view.rows_html makes
# them, held to the template's loop above).
_FORMER_CELLS = (DATA / "former-side-cells.html.j2").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_side_by_side_cells_markup_is_the_templates(report, lang):
    import jinja2
    from clausewise.compare.reports import view

    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    former = env.from_string(_FORMER_CELLS)
    L = view.labels(lang)
    codes = [c["code"] for c in view.columns(report, lang)]
    hostile, _ = _hostile_report(report)
    shown = set()
    for rep in (report, hostile):
        names: dict[str, str] = {}
        for r in view.article_rows(rep):
            cells = [
                (code, [view._side_match(rep, m, lang, names) for m in r["cells"][code]])
                for code in codes
            ]
            assert view.cells_html(cells, L) == former.render(r={"cells": cells}, L=L)
            for _, ms in cells:
                shown |= {"none"} if not ms else set()
                for m in ms:
                    w = m["wording"] or {}
                    shown |= {k for k in ("pinned", "also", "heading") if m[k]}
                    shown |= {w.get("source"), "draft_ja" if w.get("draft_ja") else None}
                    shown |= {
                        "url" if m["url"] else "no url",
                        "diffed" if w.get("diffed") else None,
                    }
    # Every branch of the markup was met on the default bill.
    want = {"none", "also", "heading", "text", "summary", "url", "diffed"}
    assert want <= shown, want - shown
