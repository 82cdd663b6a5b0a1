"""Issue 10, corpus side: the whole EU Regulation from its text, honest 'unknown' data,
pinpoint links, and importers for other legislatures' numbering (US Code, Australia/NZ, PDF).

The US and Australian fixtures in tests/data are invented texts, not real laws.
"""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import pytest
from clausewise.compare.corpus.importers import detect_format, import_file
from clausewise.compare.corpus.instruments import load_instrument
from clausewise.compare.corpus.links import provision_url
from clausewise.compare.corpus.maps import load_map, shipped_maps
from clausewise.compare.coverage import absence_reason

from tests.helpers import run_cli

DATA = Path(__file__).resolve().parents[2] / "data"
EU_REG = "eu-reg-2020-1998"


# --- the EU Regulation, complete -------------------------------------------------------


def test_the_regulation_imports_with_its_own_citations(corpus_dir: Path) -> None:
    path = corpus_dir / "eu" / "reg-2020-1998.md"
    assert detect_format(path) == "eu_markdown"
    doc = import_file(path)
    assert doc.citation == "Regulation (EU) 2020/1998" and doc.jurisdiction == "eu"
    articles = [p for p in doc.provisions if p.kind == "article"]
    assert [a.label for a in articles] == [f"art-{n}" for n in range(1, 21)]
    assert doc.find("art-3-2").citation == "Art. 3(2)"
    assert "made available" in doc.find("art-3-2").text["en"]
    assert doc.find("art-2-1-c-ii").citation == "Art. 2(1)(c)(ii)"
    assert doc.find("art-2-1-c-ii").text["en"] == "slavery;"
    # (i) after (h) is a letter of the same list; an indented (i) is one level down.
    assert doc.find("art-2-2-i").kind == "item" and doc.find("art-1-g-i").kind == "subitem"
    assert doc.find("art-1-a").citation == "Art. 1(a)"
    # The words after a list close the paragraph's sentence (Art. 8(2)).
    assert "remain subject to" in doc.find("art-8-2").text["en"]
    assert [p.citation for p in doc.provisions if p.kind == "annex"] == ["Annex I", "Annex II"]
    labels = [p.label for p in doc.walk()]
    assert len(labels) == len(set(labels))
    # Every word of the articles is kept.
    source = path.read_text(encoding="utf-8")
    body = source[source.index("#### Article 1") : source.index("## ANNEX I")]
    src_words = re.findall(r"[A-Za-z]{4,}", re.sub(r"####\s+Article", "", body))
    got = " ".join(a.all_text("en") for a in articles)
    assert set(src_words) <= set(re.findall(r"[A-Za-z]{4,}", got))


def test_the_map_has_every_article_and_its_pinpoints_exist(corpus_dir: Path) -> None:
    inst = load_instrument(EU_REG, corpus_dir)
    m = inst.map
    assert [e.label for e in m.entries if e.kind == "article"] == [f"art-{n}" for n in range(1, 21)]
    assert inst.text_status == "full" and absence_reason(inst) is None
    for e in m.entries:
        if e.kind == "preamble":
            continue
        assert inst.text(e), f"{e.citation} has no text"
        assert e.verified and e.summary and e.summary["ja"] and e.summary["en"]
        for pin in e.pinpoints:
            sub = inst.provision(pin.label)
            assert sub is not None, f"{pin.citation}: no {pin.label} in the text"
            assert sub.citation == pin.citation
            assert pin.label.startswith(e.label + "-")
    art3 = m.entry("art-3")
    assert art3.elements[0] == "measures.asset_freeze"
    assert {p.citation: p.elements for p in art3.pinpoints}["Art. 3(2)"] == (
        "measures.making_available",
    )


def test_summaries_are_not_the_official_wording(corpus_dir: Path) -> None:
    """Our own words: no summary repeats a run of eight words of the Regulation."""
    inst = load_instrument(EU_REG, corpus_dir)
    for e in inst.map.entries:
        text = inst.text(e).lower()
        if not text or not e.summary:
            continue
        words = re.findall(r"[a-z]+", e.summary["en"].lower())
        plain = " ".join(re.findall(r"[a-z]+", text))
        for i in range(len(words) - 7):
            run = " ".join(words[i : i + 8])
            assert run not in plain, f"{e.citation}: summary copies '{run}'"


def test_corpus_list_and_show_give_every_article_with_its_text(corpus_dir: Path) -> None:
    rows = json.loads(run_cli("corpus", "list", "--corpus", corpus_dir, "--format", "json").stdout)
    row = next(r for r in rows if r["id"] == EU_REG)
    assert row["text"] == "full" and row["provisions"] == 23
    shown = run_cli("corpus", "show", EU_REG, "--corpus", corpus_dir, "--format", "json")
    assert shown.exit_code == 0, shown.stderr
    provisions = json.loads(shown.stdout)["provisions"]
    by_label = {p["label"]: p for p in provisions}
    for n in range(1, 21):
        art = by_label[f"art-{n}"]
        assert art["citation"] == f"Art. {n}"
        assert json.dumps(art["text"]) != json.dumps({"ja": "", "en": ""}) or art["children"]
    point = run_cli("corpus", "show", EU_REG, "Art. 14(4)", "--corpus", corpus_dir)
    assert point.exit_code == 0, point.stderr
    assert "12 months" in point.stdout


# --- unknown, not absent ------------------------------------------------------------------


def test_what_the_corpus_lacks_is_unknown(corpus_dir: Path, tmp_path: Path) -> None:
    dec = load_instrument("eu-dec-2020-1999", corpus_dir)
    assert absence_reason(dec) == "text_incomplete"
    ghr = load_instrument("uk-ghr-2020", corpus_dir)
    assert absence_reason(ghr) is None
    result = run_cli(
        "corpus",
        "import",
        DATA / "us-style-statute.txt",
        "--id",
        "xl-lifaa",
        "--jurisdiction",
        "xl",
        "--title",
        "Lantern Isles Foreign Abuser Accountability Act",
        "--corpus",
        tmp_path,
    )
    assert result.exit_code == 0, result.stderr
    imported = load_instrument("xl-lifaa", tmp_path)
    assert imported.map.reviewed is False
    assert absence_reason(imported) == "map_unreviewed"
    # The aide marks the map reviewed: now what it lacks is absent.
    map_path = tmp_path / "maps" / "xl-lifaa.yaml"
    map_path.write_text(
        map_path.read_text(encoding="utf-8").replace("reviewed: false", "reviewed: true"),
        encoding="utf-8",
    )
    assert load_map(map_path).reviewed is True
    assert absence_reason(load_instrument("xl-lifaa", tmp_path)) is None


def test_reviewed_must_be_a_boolean(tmp_path: Path) -> None:
    text = shipped_maps()["uk-ghr-2020"].read_text(encoding="utf-8")
    bad = tmp_path / "x.yaml"
    bad.write_text(text.replace("provisions:", "reviewed: perhaps\nprovisions:", 1), "utf-8")
    with pytest.raises(Exception, match="'reviewed' must be true or false"):
        load_map(bad)


# --- links ------------------------------------------------------------------------------


def test_links_go_to_the_provision() -> None:
    maps = {i: load_map(p) for i, p in shipped_maps().items()}
    assert (
        provision_url(maps["uk-ghr-2020"], "reg-11-1")
        == "https://www.legislation.gov.uk/uksi/2020/680/regulation/11"
    )
    assert (
        provision_url(maps["uk-samla-2018"], "s-3-1-a")
        == "https://www.legislation.gov.uk/ukpga/2018/13/section/3"
    )
    assert (
        provision_url(maps["uk-ghr-2020"], "sch-2-para-3")
        == "https://www.legislation.gov.uk/uksi/2020/680/schedule/2/paragraph/3"
    )
    assert (
        provision_url(maps["ca-jvcfoa-2017"], "s-4-2")
        == "https://laws-lois.justice.gc.ca/eng/acts/J-2.3/FullText.html#s-4"
    )
    assert (
        provision_url(maps[EU_REG], "art-3-2")
        == "https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX:32020R1998#art_3"
    )
    # No deeper address: the act's own.
    assert provision_url(maps[EU_REG], "annex-1") == maps[EU_REG].url
    assert provision_url(maps["jp-shu-208-60"], "art-5") == maps["jp-shu-208-60"].url


# --- other legislatures' numbering ----------------------------------------------------


def test_us_code_nesting_gives_unique_labels_and_right_citations() -> None:
    path = DATA / "us-style-statute.txt"
    doc = import_file(path)
    labels = [p.label for p in doc.walk()]
    assert len(labels) == len(set(labels)), "duplicate labels"
    cite = {p.label: p.citation for p in doc.walk()}
    assert cite["s-3-a"] == "s. 3(a)"
    assert cite["s-3-a-1"] == "s. 3(a)(1)"
    assert cite["s-3-a-1-b"] == "s. 3(a)(1)(B)"
    assert cite["s-3-a-1-b-ii"] == "s. 3(a)(1)(B)(ii)"
    assert cite["s-3-b-2"] == "s. 3(b)(2)"
    assert cite["s-4-a-2-b"] == "s. 4(a)(2)(B)"
    assert doc.find("s-3-b-1").text["en"].startswith("INADMISSIBILITY")
    assert doc.find("s-3-c").text["en"].startswith("Exception")
    # (a) and (b) of a section are siblings; (1) of (a) and (1) of (b) are different.
    assert [c.label for c in doc.find("s-3").children] == ["s-3-a", "s-3-b", "s-3-c"]
    assert doc.find("s-3-b-1") is not doc.find("s-3-a-1")
    assert doc.find("s-3").caption == {"en": "AUTHORIZATION OF SANCTIONS"}


def test_australian_sections_and_divisions() -> None:
    doc = import_file(DATA / "au-style-statute.txt")
    assert [a.label for a in doc.articles()] == ["s-1", "s-2", "s-4", "s-5"]
    assert doc.find("s-4").caption == {"en": "Designation of persons and declaration of entities"}
    assert doc.find("s-4-1-b-ii").citation == "s. 4(1)(b)(ii)"
    assert doc.find("s-5-2-a-i").citation == "s. 5(2)(a)(i)"
    division = doc.find("part-2-division-1")
    assert division is not None and division.caption == {"en": "Designation and declaration"}
    assert doc.find("s-4") in division.children


def test_the_same_number_twice_still_gives_unique_labels(tmp_path: Path) -> None:
    f = tmp_path / "twice.txt"
    f.write_text(
        "A Law\n\nSection 1. Things\n(1) One.\n(1) One again.\n(2) Two.\n", encoding="utf-8"
    )
    doc = import_file(f)
    labels = [p.label for p in doc.walk()]
    assert labels == ["s-1", "s-1-1", "s-1-1_2", "s-1-2"]
    assert doc.meta["relabelled"] == 1


def _pdf_of(lines: list[str]) -> bytes:
    """A minimal one-page PDF with a text layer: one Tj per line."""

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 9 Tf", "11 TL", "40 800 Td"]
    ops += [f"({esc(line)}) Tj T*" for line in lines]
    ops.append("ET")
    stream = zlib.compress("\n".join(ops).encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_a_pdf_is_read_not_refused(tmp_path: Path) -> None:
    lines = [
        ln
        for ln in (DATA / "us-style-statute.txt").read_text(encoding="utf-8").splitlines()
        if ln.strip()
    ][:15]
    pdf = tmp_path / "law.pdf"
    pdf.write_bytes(_pdf_of(lines))
    assert detect_format(pdf) == "plain_text"
    doc = import_file(pdf)
    assert doc.find("s-3-a-1").citation == "s. 3(a)(1)"
    assert "extrajudicial killings" in doc.find("s-3-a-1").text["en"]
    result = run_cli(
        "corpus",
        "import",
        pdf,
        "--id",
        "xl-pdf",
        "--jurisdiction",
        "xl",
        "--title",
        "A PDF law",
        "--corpus",
        tmp_path / "corpus",
    )
    assert result.exit_code == 0, result.stderr
    assert "not UTF-8" not in result.stderr


def test_a_pdf_without_text_is_a_clear_error(tmp_path: Path) -> None:
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(_pdf_of([]))
    result = run_cli(
        "corpus", "import", pdf, "--id", "xl-scan", "--jurisdiction", "xl", "--title", "Scan",
        "--corpus", tmp_path / "corpus",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "no text layer" in result.stderr and "scan.pdf" in result.stderr


@pytest.mark.parametrize("inst_id", sorted(shipped_maps()))
def test_every_pinpoint_is_a_provision_of_the_text(corpus_dir: Path, inst_id: str) -> None:
    inst = load_instrument(inst_id, corpus_dir)
    for e in inst.map.entries:
        for pin in e.pinpoints:
            sub = inst.provision(pin.label)
            assert sub is not None, f"{inst_id} {pin.citation}: no {pin.label} in the text"
            assert sub.citation == pin.citation, (inst_id, pin.label)
            assert pin.label.startswith(e.label + "-"), (inst_id, pin.label)


def test_the_default_bill_meets_the_eu_paragraph_that_does_its_job(corpus_dir: Path) -> None:
    """Alignment at the level that carries the rule: the draft's freeze meets Art. 3(1), its
    ban on making property available Art. 3(2), each linked to its article on EUR-Lex."""
    from clausewise.compare.align import align
    from clausewise.compare.corpus.loading import load_instruments
    from clausewise.drafts.billfile import load_bill
    from clausewise.drafts.render import render_bill

    doc = render_bill(load_bill("jp-magnitsky"))
    insts, _ = load_instruments([EU_REG], corpus_dir)
    by_article = {a.label: a.matches for a in align(doc, insts) if a.unit.level == "article"}
    freeze = next(m for m in by_article["asset-freeze"] if m.label == "art-3")
    assert (freeze.pinpoint, freeze.pinpoint_label) == ("Art. 3(1)", "art-3-1")
    assert freeze.url.endswith("CELEX:32020R1998#art_3")
    available = next(m for m in by_article["making-available"] if m.label == "art-3")
    assert available.pinpoint == "Art. 3(2)"
    periodic = next(m for m in by_article["validity"] if m.label == "art-14")
    assert periodic.pinpoint == "Art. 14(4)"
