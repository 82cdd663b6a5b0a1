"""The streamed comparison: alignments made unit by unit into a spool file and every report
written as it is made give what the whole report held in memory gave.

On the default bill against every reference law: the aligner's stream equals scoring every
unit with the whole bill's vectors in hand; each format written from the spool equals the
same format written from the rows held as a list, read back (JSON parsed, HTML parsed, the
Word document opened, the Markdown's sections); the JSON bytes are json.dumps of the whole
report; the page is the template's one-piece rendering.
"""

from __future__ import annotations

import io
import json
import zipfile

import docx
import lxml.html
import pytest
from clausewise.compare import align as A
from clausewise.compare.report import run_compare, write_reports
from clausewise.compare.reports import html as html_writer
from clausewise.compare.reports import render, stream
from clausewise.compare.reports.view import labels
from clausewise.compare.spool import RowSpool
from clausewise.drafts.errors import OutputError
from clausewise.drafts.reportkit import render_page
from clausewise.drafts.writers import WriteOptions
from lxml import etree

from tests.helpers import REPO, default_bill_vectors


@pytest.fixture(scope="module")
def streamed(corpus_dir):
    report = run_compare(str(REPO / "drafts" / "jp-magnitsky.yaml"), None, str(corpus_dir))
    assert isinstance(report["alignments"], RowSpool)
    return report


@pytest.fixture(scope="module")
def held(streamed):
    """The same report with its rows held as a list, as build_report made it before."""
    return dict(streamed, alignments=list(streamed["alignments"]))


def test_spool_rows_round_trip_and_iterations_interleave(tmp_path):
    rows = [
        {"draft": f"a{n}", "score": n / 7, "ops": [["equal", "x\ny"]], "ja": "第一条"}
        for n in range(5)
    ]
    spool = RowSpool(rows)
    assert len(spool) == 5 and list(spool) == rows
    # Two readers at once (a writer reading while another walks the same spool).
    pairs = [(a["draft"], b["draft"]) for a in spool for b in spool]
    assert pairs == [(a["draft"], b["draft"]) for a in rows for b in rows]
    assert [json.loads(line) for line in spool.lines()] == rows
    spool.memo["x"] = 1
    spool.append({"draft": "late"})
    assert spool.memo == {} and len(spool) == 6 and list(spool)[-1] == {"draft": "late"}
    assert not RowSpool()


def test_streamed_alignment_equals_scoring_with_every_vector_in_hand(corpus_dir):
    # The aligner as it was: every unit and its vector made first, then each one scored.
    doc, instruments, units, refs, index = default_bill_vectors(corpus_dir)
    postings: dict[str, list[tuple[int, float]]] = {}
    for i, r in enumerate(refs):
        for t, w in r.vector.items():
            postings.setdefault(t, []).append((i, w))
    by_top = A._top_key_index(refs)
    order = {inst.id: n for n, inst in enumerate(instruments)}
    whole = []
    for u in units:
        dots = [0.0] * len(refs)
        for t, w in u.vector.items():
            for i, rw in postings.get(t, ()):
                dots[i] += w * rw
        matches = A._select(u, refs, dots, index, order, A.Corrections(), A.DEFAULT, by_top)
        whole.append((u.label, matches))
    stream = [(a.label, a.matches) for a in A.iter_align(doc, instruments)]
    assert stream == whole
    assert sum(len(m) for _, m in stream) > len(stream)


def test_json_streamed_is_json_dumps_of_the_whole_report(streamed, held):
    compact = render(streamed, "json", "ja")
    assert compact == (json.dumps(held, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    pretty = render(streamed, "json", "ja", WriteOptions(pretty=True))
    assert pretty == (json.dumps(held, ensure_ascii=False, indent=2) + "\n").encode()
    assert json.loads(compact) == json.loads(pretty) == json.loads(json.dumps(held))
    assert render(held, "json", "ja") == compact
    # An empty list of rows is written as json.dumps writes it.
    empty = dict(held, alignments=RowSpool())
    for pretty_ in (False, True):
        text = render(empty, "json", "en", WriteOptions(pretty=pretty_))
        assert json.loads(text)["alignments"] == []
        indent = 2 if pretty_ else None
        seps = None if pretty_ else (",", ":")
        want = json.dumps(
            dict(held, alignments=[]), ensure_ascii=False, indent=indent, separators=seps
        )
        assert text == (want + "\n").encode()


@pytest.mark.parametrize("by", ["article", "element"])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_html_streamed_is_the_page_rendered_whole(streamed, held, lang, by):
    options = WriteOptions(by=by)
    page = render(streamed, "html", lang, options)
    context = html_writer._context(held, lang, options)
    context["rows"] = list(context["rows"])  # the rows held, as the page was made before
    assert page == render_page("compare.html.j2", **context)
    tree = lxml.html.fromstring(page)
    if by == "article":
        rows = tree.xpath("//tr[starts-with(@id, 'a-')]")
        articles = [a for a in held["alignments"] if a["level"] == "article"]
        assert [r.get("id") for r in rows] == [f"a-{a['draft']}" for a in articles]
        # Every match of every article is on its row.
        assert len(tree.xpath("//tr[starts-with(@id, 'a-')]//div[contains(@class, 'match')]"))


@pytest.mark.parametrize("by", ["article", "element"])
def test_markdown_streamed_equals_held(streamed, held, by):
    options = WriteOptions(by=by)
    text = render(streamed, "md", "ja", options)
    assert text == render(held, "md", "ja", options)
    if by == "element":
        return
    L = labels("ja")
    lines = text.decode("utf-8").splitlines()
    # The side-by-side table, one row per article, then the wording section after it with
    # a heading per article.
    table = lines.index(f"## {L['alignment']}")
    wording = lines.index(f"## {L['wording']}")
    rows = [line for line in lines[table:wording] if line.startswith("| ")]
    articles = [a for a in held["alignments"] if a["level"] == "article"]
    assert len(rows) == len(articles) + 2
    heads = [line for line in lines[wording:] if line.startswith("### ")]
    assert len(heads) == len(articles)
    assert heads[0].startswith(f"### {articles[0]['number']['ja']}")


def _docx_body(data: bytes) -> list[bytes]:
    """Every element of the document's body, canonical (exclusive C14N: namespace
    declarations where they are used, whichever element carries them in the file)."""
    d = docx.Document(io.BytesIO(data))
    return [etree.tostring(el, method="c14n", exclusive=True) for el in d.element.body]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_docx_streamed_equals_built_whole(streamed, held, lang):
    out = io.BytesIO()
    stream(streamed, "docx", lang, WriteOptions(), out)
    whole = render(held, "docx", lang)  # write(): the document built in memory, then saved
    assert _docx_body(out.getvalue()) == _docx_body(whole)
    d = docx.Document(io.BytesIO(out.getvalue()))
    paragraphs = [p.text for p in d.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]
    articles = [a for a in held["alignments"] if a["level"] == "article"]
    # The side-by-side table: a header and one row per article; a heading per article after.
    side = next(t for t in tables if len(t) == len(articles) + 1)
    assert side[1][0].startswith(articles[0]["number"][lang])
    assert any(p.startswith(articles[-1]["number"][lang]) for p in paragraphs)
    assert not any("clausewise-stream-mark" in p for p in paragraphs)
    # The other parts of the package are the same bytes.
    with zipfile.ZipFile(out) as a, zipfile.ZipFile(io.BytesIO(whole)) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name != "word/document.xml":
                assert a.read(name) == b.read(name), name


def test_write_reports_writes_every_format_or_none(streamed, tmp_path):
    out = tmp_path / "all"
    paths = write_reports(streamed, ["html", "docx", "md", "json"], out, "ja", "article")
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in paths)
    assert json.loads((out / paths[-1].name).read_bytes()) == json.loads(
        render(streamed, "json", "ja")
    )
    # A format that fails leaves nothing, not even the ones written before it.
    bad = tmp_path / "bad"
    with pytest.raises(ValueError):
        write_reports(streamed, ["json", "nope"], bad, "ja", "article")
    assert not bad.exists() or list(bad.iterdir()) == []
    # An existing report is replaced whole.
    target = tmp_path / "one.json"
    target.write_text("old")
    write_reports(streamed, ["json"], target, "ja", "article")
    assert json.loads(target.read_bytes())["bill"] == streamed["bill"]
    with pytest.raises(OutputError):
        write_reports(streamed, ["json"], tmp_path / "x.yaml", "ja", "article")
