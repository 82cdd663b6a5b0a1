"""The importers on the real corpus files: structure, labels, citations, and no words lost."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from clausewise.compare.corpus.importers import (
    IMPORTERS,
    detect_format,
    import_bilingual,
    import_file,
    split_continuation,
)
from clausewise.compare.corpus.importers.pdf_statute import ANNOT_HEADER, ANNOT_ID
from clausewise.drafts.errors import InputFileError
from clausewise.drafts.model import Document
from lxml import etree

from tests.helpers import DATA

WORD = re.compile(r"\w+")


def words(text: str) -> Counter[str]:
    return Counter(WORD.findall(text))


def doc_words(doc: Document, *extra: str) -> Counter[str]:
    got: Counter[str] = Counter()
    for p in doc.walk():
        for d in (p.text, p.caption or {}, p.number):
            for v in d.values():
                got.update(words(v))
    for v in list(doc.title.values()) + list(extra):
        got.update(words(v))
    return got


def assert_no_words_lost(source: Counter[str], doc: Document, *extra: str) -> None:
    lost = source - doc_words(doc, *extra)
    assert not lost, f"words lost: {sorted(lost.items())[:40]}"


# -- UK statutory instruments (Markdown) ---------------------------------------------------


@pytest.fixture(scope="module")
def ghr(corpus_dir: Path) -> Document:
    return import_file(corpus_dir / "uk/ghr-regs-2020.txt")


@pytest.fixture(scope="module")
def gac(corpus_dir: Path) -> Document:
    return import_file(corpus_dir / "uk/gac-regs-2021.txt")


def test_ghr_structure(ghr: Document) -> None:
    assert (ghr.id, ghr.citation) == ("uk-ghr-2020", "SI 2020/680")
    assert [a.label for a in ghr.articles()] == [f"reg-{n}" for n in range(1, 38)]
    schedules = [p for p in ghr.provisions if p.kind == "schedule"]
    assert [s.label for s in schedules] == ["sch-1", "sch-2"]
    assert [len(s.children) for s in schedules] == [14, 10]
    assert [p.label for p in ghr.provisions if p.kind == "part"] == [
        f"part-{n}" for n in range(1, 8)
    ]
    assert (
        ghr.provisions[0].kind == "preamble"
        and "Made: 5th July 2020" in ghr.provisions[0].text["en"]
    )


def test_gac_structure(gac: Document) -> None:
    assert (gac.id, gac.citation) == ("uk-gac-2021", "SI 2021/488")
    labels = [a.label for a in gac.articles()]
    assert labels == [f"reg-{n}" for n in range(1, 39)]
    assert gac.find("reg-29a") is None  # SOURCES.md: its text is missing from this version
    assert [p.label for p in gac.provisions if p.kind == "schedule"] == ["sch-1", "sch-2"]


def test_uk_nesting_labels_and_citations(ghr: Document) -> None:
    p = ghr.find("reg-6-1-b-i")
    assert p.kind == "subitem" and p.citation == "reg. 6(1)(b)(i)"
    assert ghr.find("reg-6-2-a").citation == "reg. 6(2)(a)"
    assert ghr.find("reg-6").caption == {"en": "Designation criteria"}
    # (i) after (h) is a letter; (i) after a list-opening letter is roman.
    assert ghr.find("reg-30-3-i").kind == "item"
    assert ghr.find("reg-30-3-b-i").kind == "subitem"
    assert ghr.find("sch-1-para-3-2").citation == "Sch. 1 para. 3(2)"
    assert ghr.find("sch-2-para-2-2-b-v").citation == "Sch. 2 para. 2(2)(b)(v)"
    d = ghr.find("reg-2-def-arrangement")
    assert d.kind == "definition" and d.text["en"].startswith("“arrangement” includes")


def test_uk_continuation_text_kept(ghr: Document) -> None:
    head, tail = split_continuation(ghr.find("reg-9-2").text["en"])
    assert head == "A person (“P”) who—"
    assert tail.startswith("must not, subject to paragraph (3), disclose it")
    assert split_continuation(ghr.find("sch-2-para-4").text["en"])[1].startswith("arising from")


@pytest.mark.parametrize("name", ["ghr-regs-2020.txt", "gac-regs-2021.txt"])
def test_uk_markdown_no_words_lost(corpus_dir: Path, name: str) -> None:
    path = corpus_dir / "uk" / name
    doc = import_file(path)
    text = path.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]  # front matter dropped
    body = body.split("\n## Signed", 1)[0]  # signature, explanatory note, footnotes dropped
    body = re.sub(r"^## (PART|SCHEDULE)", "", body, flags=re.M)  # the kind is the keyword
    assert_no_words_lost(words(body), doc)


# -- SAMLA (text of the revised PDF) -------------------------------------------------------


@pytest.fixture(scope="module")
def samla(corpus_dir: Path) -> Document:
    return import_file(corpus_dir / "uk/samla-2018.txt")


def test_samla_sections(samla: Document, corpus_dir: Path) -> None:
    assert (samla.id, samla.citation) == ("uk-samla-2018", "2018 c. 13")
    expected = [str(n) for n in range(1, 66)]
    expected[expected.index("4") : expected.index("4")] = ["3A"]
    expected[expected.index("18") : expected.index("18")] = ["17A"]
    assert [a.number["en"] for a in samla.articles()] == expected
    part1 = import_file(corpus_dir / "uk/samla-2018.txt", part="1")
    sections = [a.number["en"] for a in part1.articles()]
    assert len(sections) == 50 and sections[0] == "1" and sections[-1] == "48"
    assert [c.label for c in part1.provisions[1].children] == [f"chapter-{n}" for n in range(1, 6)]
    assert [p.label for p in samla.provisions if p.kind == "schedule"] == [
        "sch-1",
        "sch-2",
        "sch-3",
    ]


def test_samla_repealed_and_citations(samla: Document) -> None:
    s2 = samla.find("s-2")
    assert s2.text == {"en": "…"}
    assert s2.caption["en"].startswith("Additional requirements for regulations")
    assert samla.find("s-1-4").text == {"en": "…"}
    assert samla.find("s-6-1-a").citation == "s. 6(1)(a)"
    assert samla.find("s-1-2-f-ii").citation == "s. 1(2)(f)(ii)"
    assert samla.find("s-1-2-i").kind == "item"  # (i) after (h)
    assert samla.find("s-17a").caption == {"en": "Enforcement: monetary penalties"}
    assert (
        samla.find("s-9-1")
        .text["en"]
        .startswith("Subsection (2) applies for the purposes of sections [3 to 4]")
    )
    head, tail = split_continuation(samla.find("s-1-7").text["en"])
    assert tail.startswith("the commission of a gross human rights abuse")
    assert "following—" in samla.find("s-1-5").text["en"]  # a hard-wrapped line, not a tail


def test_samla_drops_only_listed_furniture(samla: Document, corpus_dir: Path) -> None:
    lines = (corpus_dir / "uk/samla-2018.txt").read_text(encoding="utf-8").split("\n")
    dropped = samla.meta["dropped"]
    assert {r for _, r, _ in dropped} <= {"annotation", "pending", "furniture", "marker"}
    runs: list[list[tuple[int, str]]] = []
    for n, reason, text in dropped:
        if reason != "annotation":
            continue
        if runs and runs[-1][-1][0] == n - 1:
            runs[-1].append((n, text))
        else:
            runs.append([(n, text)])
    for run in runs:  # every run opens with a header, then an id line
        assert ANNOT_HEADER.match(run[0][1]), run[0]
        assert len(run) == 1 or ANNOT_HEADER.match(run[1][1]) or ANNOT_ID.match(run[1][1])
        for _, text in run:  # no subsection or definition swallowed by an annotation block
            assert not re.match(r"^\(\d+[A-Z]?\) [A-Z]", text), text
    assert all(lines[n - 1].strip() == t for n, r, t in dropped if r != "marker")


def test_samla_no_words_lost(samla: Document, corpus_dir: Path) -> None:
    lines = (corpus_dir / "uk/samla-2018.txt").read_text(encoding="utf-8").split("\n")
    gone = {n for n, r, _ in samla.meta["dropped"] if r != "marker"}
    markers: dict[int, list[str]] = {}
    for n, r, t in samla.meta["dropped"]:
        if r == "marker":
            markers.setdefault(n, []).append(t)
    source: Counter[str] = Counter()
    for n, line in enumerate(lines, 1):
        if n in gone:
            continue
        for m in markers.get(n, []):
            line = line.replace(m, " ", 1)
        source.update(words(re.sub(r"^(PART|CHAPTER|SCHEDULE) ", "", line)))
    meta = samla.meta
    extra = [
        *meta["cross_headings"].values(),
        *meta["schedule_refs"].values(),
        meta["chapter_line"] or "",
    ]
    assert_no_words_lost(source, samla, *extra)


# -- EU ------------------------------------------------------------------------------------


def _eu_source(path: Path) -> Counter[str]:
    out: Counter[str] = Counter()
    depth = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        s = line.strip()
        if depth or (s.startswith("[") and not re.match(r"^\[(TRUNCATED|CUT)\]", s)):
            depth += s.count("[") - s.count("]")
            continue
        if s.startswith(("#", "Source:")) or re.match(r"^\d+\.\d+\.\d{4} \| EN \|", s):
            continue
        s = re.sub(r"^(Article|ANNEX|Annex)\b", "", s)  # the kind is the keyword
        out.update(words(re.sub(r"\[(TRUNCATED|CUT)\]", "", s)))
    return out


def test_eu_decision(corpus_dir: Path) -> None:
    doc = import_file(corpus_dir / "eu/dec-2020-1999.txt")
    assert (doc.id, doc.citation) == ("eu-dec-2020-1999", "Decision (CFSP) 2020/1999")
    assert [r.label for r in doc.find("recitals").children] == ["recital-1", "recital-2"]
    assert [a.label for a in doc.articles()] == [f"art-{n}" for n in range(1, 11)]
    assert doc.find("recital-1").citation == "recital (1)"
    assert doc.find("art-1-1-c").citation == "Art. 1(1)(c)"
    assert doc.find("art-1-1-d-v").kind == "subitem"
    assert doc.find("art-1-2-h").text["en"] == "the International Convention for the Protec"
    assert doc.find("art-2").text == {} and not doc.find("art-2").children
    assert {lab for lab, _, _ in doc.meta["missing"] if lab} == {f"art-{n}" for n in range(2, 11)}
    assert "art-1-2-h" in doc.meta["truncated"] and "recital-2" in doc.meta["truncated"]
    assert_no_words_lost(_eu_source(corpus_dir / "eu/dec-2020-1999.txt"), doc)


def test_eu_regulation(corpus_dir: Path) -> None:
    doc = import_file(corpus_dir / "eu/reg-2020-1998.txt")
    assert (doc.id, doc.citation) == ("eu-reg-2020-1998", "Regulation (EU) 2020/1998")
    assert [a.label for a in doc.articles()] == [f"art-{n}" for n in range(1, 22)]
    assert [c.label for c in doc.find("art-1").children] == [f"art-1-{c}" for c in "abcdef"]
    assert doc.find("art-1-a-v").citation == "Art. 1(a)(v)"
    assert set(doc.find("art-2-2-i").text) == {"de"}  # German fragment, not passed off as English
    assert doc.find("annex-1").caption["en"].startswith("List of natural or legal persons")
    assert doc.find("annex-2").text == {}
    assert_no_words_lost(_eu_source(corpus_dir / "eu/reg-2020-1998.txt"), doc)


# -- Canada --------------------------------------------------------------------------------

ACT_SECTIONS = [
    "1",
    "2",
    "2.01",
    "2.1",
    "3",
    "4",
    "4.1",
    "4.2",
    "4.3",
    "4.4",
    "5",
    "6",
    "7",
    "7.1",
    "7.2",
    "7.21",
    "7.3",
    "8",
    "9",
    "10",
    "11",
    "12",
    "13",
    "13.1",
    "13.2",
    "14",
    "15",
    "16",
    "17",
    "18",
]


def _xml_source(path: Path, lang: str) -> Counter[str]:
    """Operative words of a Justice Canada file: Text, Label, MarginalNote, bar notes/refs."""
    root = etree.parse(str(path)).getroot()
    out: Counter[str] = Counter()
    for sch in root.findall("Schedule[@id='RelatedProvs']"):
        sch.getparent().remove(sch)
    for el in root.iter("Text", "Label", "MarginalNote"):
        if el.getparent().tag in ("Footnote",) or el.getparent().getparent() is None:
            continue
        if any(a.tag in ("Identification", "Footnote") for a in el.iterancestors()):
            continue
        for ref in el.iter("FootnoteRef"):
            ref.text = ""
        out.update(words(unicodedata.normalize("NFC", "".join(el.itertext()))))
    return out


def test_canada_act_sections(corpus_dir: Path) -> None:
    doc = import_file(corpus_dir / "ca/J-2.3.en.xml")
    assert (doc.id, doc.citation) == ("ca-jvcfoa-2017", "S.C. 2017, c. 21")
    assert [a.number["en"] for a in doc.articles()] == ACT_SECTIONS
    assert doc.find("s-4-2-b").citation == "s. 4(2)(b)"
    assert doc.find("s-4").caption == {"en": "Orders and Regulations"}
    assert doc.find("s-7.1-d.4").citation == "s. 7.1(d.4)"
    assert doc.find("s-2-def-foreign-national").kind == "definition"
    assert doc.find("s-2-def-foreign-national-b").text["en"].startswith("a permanent resident")
    assert doc.find("s-17").text == {"en": "[Amendments]"}
    assert "2017, c. 21" not in doc.find("s-2").all_text("en")
    assert doc.meta["history"]["s-2"] == ["2017, c. 21, s. 2", "2022, c. 10, s. 444"]
    assert_no_words_lost(_xml_source(corpus_dir / "ca/J-2.3.en.xml", "en"), doc)


def test_canada_english_french_paired(corpus_dir: Path) -> None:
    ca = corpus_dir / "ca"
    doc = import_bilingual(ca / "J-2.3.en.xml", ca / "J-2.3.fr.xml")
    assert doc.meta["unaligned"] == [("s-2-def-prescribed", "en")]  # "version anglaise seulement"
    both = [p for p in doc.walk() if p.text.get("en")]
    assert len(both) > 100
    assert all(p.text.get("fr") for p in both if p.label != "s-2-def-prescribed")
    assert doc.find("s-4").caption == {
        "en": "Orders and Regulations",
        "fr": "Décrets et règlements",
    }
    assert doc.find("s-4-1-a").number == {"en": "(a)", "fr": "a)"}
    assert doc.find("s-2-def-minister").text["fr"].startswith("ministre")
    assert "Citoyenneté" in doc.find("s-7.1-d.4").text["fr"]  # NFC-normalised
    fr = import_file(ca / "J-2.3.fr.xml")
    assert_no_words_lost(_xml_source(ca / "J-2.3.fr.xml", "fr"), fr)


def test_canada_regulations(corpus_dir: Path) -> None:
    doc = import_file(corpus_dir / "ca/SOR-2017-233.en.xml")
    assert (doc.id, doc.citation) == ("ca-jvcfoa-regs-2017", "SOR/2017-233")
    assert [a.label for a in doc.articles()] == ["s-1", "s-2", "s-3", "s-4"]
    sch = doc.find("sch")
    assert sch.kind == "schedule" and len(sch.children) == 80
    assert sch.children[0].label == "sch-1"
    assert doc.meta["history"]["s-2"] == ["SOR/2023-179, s. 1"]
    assert_no_words_lost(_xml_source(corpus_dir / "ca/SOR-2017-233.en.xml", "en"), doc)


# -- fixtures of our own: plain text and CLML ----------------------------------------------


def test_plain_text_fixture() -> None:
    doc = import_file(DATA / "plain-statute.txt")
    assert detect_format(DATA / "plain-statute.txt") == "plain_text"
    assert doc.title == {"en": "Lighthouse Keepers (Fictional Sanctions) Act 2031"}
    assert [a.label for a in doc.articles()] == ["s-1", "s-2", "s-3", "s-3a"]
    assert doc.find("s-1").caption == {"en": "Short title"}
    assert doc.find("s-2").caption == {"en": "Interpretation"}
    assert doc.find("s-3").caption == {"en": "Grant of licences"}
    assert doc.find("s-2-2-ii").kind == "subitem"
    assert doc.find("s-3-2-i").kind == "item"  # after (h)
    assert doc.find("s-3-2-b-ii").citation == "s. 3(2)(b)(ii)"
    assert doc.find("s-3-2a").number == {"en": "(2A)"}
    assert split_continuation(doc.find("s-3-1").text["en"])[1] == "and who pays the prescribed fee."
    text = (DATA / "plain-statute.txt").read_text(encoding="utf-8")
    assert_no_words_lost(words(re.sub(r"\b(PART|Section)\b", "", text)), doc)


def test_plain_text_numbering_words(tmp_path: Path) -> None:
    f = tmp_path / "law.txt"
    f.write_text(
        "A Law\n\nArticle 3\nThe lamp is lit.\n\nArt. 4 Keepers\n1. One.\n2. Two.\n",
        encoding="utf-8",
    )
    doc = import_file(f, fmt="plain_text")
    assert [a.label for a in doc.articles()] == ["art-3", "art-4"]
    assert doc.find("art-4").caption == {"en": "Keepers"}
    assert doc.find("art-4-2").citation == "Art. 4(2)"


def test_clml_fixture() -> None:
    path = DATA / "clml-sample.xml"
    assert detect_format(path) == "clml"
    doc = import_file(path)
    assert (doc.id, doc.citation) == ("uk-uksi-2099-9999", "SI 2099/9999")
    assert [a.label for a in doc.articles()] == ["reg-1", "reg-2", "reg-3", "reg-3a"]
    assert doc.find("reg-2").caption == {"en": "Interpretation"}
    assert doc.find("reg-2-2-b-ii").citation == "reg. 2(2)(b)(ii)"
    assert split_continuation(doc.find("reg-2-2").text["en"])[1].startswith("is a keeper")
    assert doc.find("sch-1-para-1").citation == "Sch. 1 para. 1"
    root = etree.parse(str(path)).getroot()
    ns = "{http://www.legislation.gov.uk/namespaces/legislation}"
    src: Counter[str] = Counter()
    for el in root.iter(f"{ns}Text", f"{ns}Title", f"{ns}Pnumber"):
        src.update(words("".join(el.itertext())))
    assert_no_words_lost(src, doc)


# -- format detection and bad input --------------------------------------------------------


def test_detection_of_corpus_files(corpus_dir: Path) -> None:
    expected = {
        "uk/ghr-regs-2020.txt": "uk_markdown",
        "uk/samla-2018.txt": "pdf_statute",
        "eu/dec-2020-1999.txt": "eu_text",
        "eu/reg-2020-1998.txt": "eu_text",
        "eu/reg-2020-1998.md": "eu_markdown",
        "ca/J-2.3.fr.xml": "justice_canada_xml",
        "jp/draft_bill_208-shu60_tokutei_jinken_shingai.md": "jp_statute",
        "jp/egov/405AC0000000088_20240401_504AC0100000052.xml": "egov_xml",
    }
    for rel, fmt in expected.items():
        assert detect_format(corpus_dir / rel) == fmt
    assert set(IMPORTERS) == {
        "uk_markdown",
        "pdf_statute",
        "eu_text",
        "eu_markdown",
        "justice_canada_xml",
        "plain_text",
        "clml",
        "jp_statute",
        "egov_xml",
    }


@pytest.mark.parametrize(
    "content, match",
    [
        (b"<Statute><Body><Section><Label>1</Label>", r"cut\.xml:1: malformed XML"),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE S [<!ENTITY a "aa"><!ENTITY b "&a;&a;">]>\n'
            b"<Statute>&b;</Statute>",
            r"cut\.xml:2: entity declarations are not allowed",
        ),
        (
            b'<!DOCTYPE S [<!ENTITY x SYSTEM "file:///etc/passwd">]><Statute>&x;</Statute>',
            r"cut\.xml:1: entity declarations",
        ),
        (b"<Other/>", r"cut\.xml:1: XML of an unknown vocabulary"),
    ],
)
def test_bad_xml_is_a_corpus_error(tmp_path: Path, content: bytes, match: str) -> None:
    f = tmp_path / "cut.xml"
    f.write_bytes(content)
    with pytest.raises(InputFileError, match=match):
        import_file(f)


def test_forced_format_on_bad_xml(tmp_path: Path) -> None:
    f = tmp_path / "law.xml"
    f.write_text("<Statute><Body>", encoding="utf-8")
    with pytest.raises(InputFileError, match="law.xml"):
        import_file(f, fmt="justice_canada_xml")


def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="absent.txt: file not found"):
        import_file(tmp_path / "absent.txt")
    with pytest.raises(InputFileError, match="absent.txt: file not found"):
        import_file(tmp_path / "absent.txt", fmt="uk_markdown")
    f = tmp_path / "law.txt"
    f.write_text("Section 1. Title.\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"law.txt: unknown format 'akn'"):
        import_file(f, fmt="akn")
