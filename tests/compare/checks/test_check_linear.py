"""The check rules made linear for long bills, and the streamed reports: same findings, same
order, same bytes as the straightforward versions they replaced."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from clausewise.compare.checks import drafting
from clausewise.compare.checks.locate import Locator
from clausewise.compare.checks.report import Counts, render_report, write_report
from clausewise.compare.checks.rules import (
    RULES,
    Finding,
    Subject,
    _definition_graph,
    rule_terms,
)
from clausewise.drafts.model import Document, Provision

from tests.helpers import copy_mini, run_cli


def _para(label: str, ja: str, items: tuple[str, ...] = ()) -> Provision:
    return Provision(
        "paragraph",
        label,
        text={"ja": ja, "en": "x"},
        children=[
            Provision("item", f"{label}.i{i}", text={"ja": t, "en": "x"})
            for i, t in enumerate(items, 1)
        ],
    )


def _article(label: str, number: str, *paras: Provision) -> Provision:
    return Provision("article", label, number={"ja": number}, children=list(paras))


def _chapter(label: str, *arts: Provision) -> Provision:
    return Provision("chapter", label, children=list(arts))


def _scope_bill() -> Document:
    return Document(
        "t",
        {"ja": "法"},
        [
            _chapter(
                "c1",
                _article(
                    "a1",
                    "第一条",
                    _para("a1.1", "国は、以下この条において「対象者」という者を指定する。"),
                    _para("a1.2", "対象者は、届け出る。"),  # inside the article: no hit
                ),
                _article(
                    "a2",
                    "第二条",
                    # Only as the start of the longer defined term 対象者等: no hit.
                    _para("a2.1", "この法律において「対象者等」とは、対象者等をいう。"),
                    # The longer term first, then the term alone: a hit.
                    _para("a2.2", "対象者等及び対象者は、対象者に通知する。"),
                ),
                _article(
                    "a3",
                    "第三条",
                    _para(
                        "a3.1",
                        "大臣は、以下この項において「措置」という処分をする。",
                        ("措置の内容",),  # an item of the same paragraph: inside
                    ),
                    _para("a3.2", "措置は、公表する。"),  # another paragraph: a hit
                    _para("a3.3", "以下この章において「大臣」という者が定める。"),
                ),
                _article("a4", "第四条", _para("a4.1", "大臣は、対象者に措置を命ずる。")),
            ),
            _chapter(
                "c2",
                _article(
                    "a5",
                    "第五条",
                    # A second definition of 対象者, scoped to its own article.
                    _para("a5.1", "以下この条において「対象者」という者は、大臣に届け出る。"),
                ),
            ),
            Provision(
                "supplementary",
                "suppl",
                children=[_article("s1", "第一条", _para("s1.1", "大臣は、措置を講ずる。"))],
            ),
        ],
    )


def _hits(doc: Document) -> list[tuple[str, str, str]]:
    return [
        (unit.label, term, msg.split(" is defined in ")[1].split()[0])
        for _a, unit, _l, term, msg in drafting.term_scope(doc)
    ]


def test_term_scope_finds_each_use_outside_its_scope_in_order():
    assert _hits(_scope_bill()) == [
        # 対象者 defined in 第一条 (この条): used in a2.2, a4.1, a5.1
        ("a2.2", "対象者", "第一条"),
        ("a4.1", "対象者", "第一条"),
        ("a5.1", "対象者", "第一条"),
        # 措置 defined in 第三条 この項: the other paragraph, other articles, 附則
        ("a3.2", "措置", "第三条"),
        ("a4.1", "措置", "第三条"),
        ("s1.1", "措置", "第三条"),
        # 大臣 defined for chapter c1: used in c2 and in the 附則
        ("a5.1", "大臣", "第三条"),
        ("s1.1", "大臣", "第三条"),
        # 対象者 again, defined in 第五条: every use outside 第五条
        ("a1.1", "対象者", "第五条"),
        ("a1.2", "対象者", "第五条"),
        ("a2.2", "対象者", "第五条"),
        ("a4.1", "対象者", "第五条"),
    ]


def _term_scope_oracle(doc: Document):
    """The rule as first written (definitions x units), kept to check the linear one."""
    arts = list(drafting._chapters(doc))
    defined = {
        m.group(1)
        for _, a, _ in arts
        for u in drafting._units(a)
        for m in drafting._DEFINED.finditer(u.text.get("ja", ""))
    }

    def para_of(art, unit):
        for para in art.children:
            if any(u is unit for u in para.walk()):
                return para
        return None

    for chap, art, _part in arts:
        for unit in drafting._units(art):
            for m in drafting._SCOPED.finditer(unit.text.get("ja", "")):
                scope, term = m.group(1), m.group(2)
                longer = [t for t in defined if t != term and t.startswith(term)]
                for chap2, art2, _ in arts:
                    for unit2 in drafting._units(art2):
                        inside = {
                            "条": art2 is art,
                            "項": art2 is art and para_of(art, unit2) is para_of(art, unit),
                            "章": chap2 == chap and bool(chap),
                        }[scope]
                        if inside:
                            continue
                        text = unit2.text.get("ja", "")
                        for i in drafting._occurrences(text, term):
                            if any(text.startswith(t, i) for t in longer):
                                continue
                            yield art2, unit2, term, scope, art
                            break


def _random_bill(rng: random.Random) -> Document:
    words = ["対象者", "対象者等", "措置", "大臣", "届出"]
    pieces = [
        lambda: f"以下この{rng.choice('条項章')}において「{rng.choice(words)}」という者",
        lambda: f"「{rng.choice(words)}」とは、ものをいう",
        lambda: rng.choice(words),
        lambda: "国は",
    ]

    def text():
        return "、".join(rng.choice(pieces)() for _ in range(rng.randint(1, 4))) + "。"

    chapters = []
    n = 0
    for c in range(rng.randint(1, 3)):
        arts = []
        for _ in range(rng.randint(1, 3)):
            n += 1
            paras = [
                _para(f"a{n}.{p}", text(), tuple(text() for _ in range(rng.randint(0, 2))))
                for p in range(1, rng.randint(2, 3))
            ]
            arts.append(_article(f"a{n}", f"第{n}条", *paras))
        chapters.append(_chapter(f"c{c}", *arts))
    return Document("r", {"ja": "法"}, chapters)


def test_term_scope_agrees_with_the_definitions_by_units_scan():
    rng = random.Random(14)
    compared = 0
    for _ in range(60):
        doc = _random_bill(rng)
        want = [(a.label, u.label, t) for a, u, t, _s, _d in _term_scope_oracle(doc)]
        got = [(a.label, u.label, t) for a, u, _l, t, _m in drafting.term_scope(doc)]
        assert got == want
        compared += len(want)
    assert compared > 50  # the random bills do exercise the rule


def _terms_subject(words: dict[str, str], texts: list[str], uses=()) -> Subject:
    doc = Document(
        "t",
        {"ja": "法"},
        [_article("a1", "第一条", *(_para(f"a1.{i}", t) for i, t in enumerate(texts, 1)))],
    )
    doc.meta = {
        "definitions": {k: {"file": "terms.j2", "line": i} for i, k in enumerate(words, 1)},
        "term_uses": list(uses),
        "term_words": {k: {"ja": w, "en": k} for k, w in words.items()},
        "templates": {},
    }
    return Subject(doc, None, Locator(doc, None, None))


def test_term_unused_with_one_word_under_many_keys():
    # Three keys share 対象者 (copies of a chapter): the first in length order counts every
    # use, the others find nothing left and are unused; 指定対象者 is masked first.
    s = _terms_subject(
        {"subject": "対象者", "subject-k1": "対象者", "designated": "指定対象者", "x": "外国人"},
        [
            "「対象者」とは、者をいう。",
            "「指定対象者」とは、者をいう。",
            "指定対象者は、対象者に通知する。",
        ],
    )
    unused = [f.message.split("'")[1] for f in rule_terms(s) if f.rule == "term-unused"]
    assert unused == ["subject-k1", "x"]


def test_term_unused_a_word_used_only_inside_a_longer_term():
    s = _terms_subject(
        {"subject": "対象者", "designated": "指定対象者"},
        ["「指定対象者」とは、者をいう。", "指定対象者に通知する。"],
    )
    unused = [f.message.split("'")[1] for f in rule_terms(s) if f.rule == "term-unused"]
    assert unused == ["subject"]


def test_definition_graph_links_terms_used_on_a_definition_line():
    s = _terms_subject(
        {"a": "甲", "b": "乙", "c": "丙"},
        ["甲乙丙"],
        uses=[
            {"term": "b", "file": "terms.j2", "line": 1},  # used where a is defined
            {"term": "a", "file": "terms.j2", "line": 1},  # a itself: not an edge
            {"term": "c", "file": "other.j2", "line": 1},  # another file: not an edge
            {"term": "a", "file": "terms.j2", "line": 2},  # where b is defined
        ],
    )
    assert _definition_graph(s) == {"a": {"b"}, "b": {"a"}, "c": set()}


# --- the located lines --------------------------------------------------------------------


def test_locator_finds_json_lines_and_template_labels(tmp_path: Path):
    built = tmp_path / "bill.json"
    built.write_text(
        '{\n  "label": "a1",\n  "x": {"label": "a1.1"}, "y": {"label": "a2"}\n  "label": "a2"\n}\n',
        encoding="utf-8",
    )
    doc = Document("t", {"ja": "法"}, [])
    where = Locator(doc, None, str(built))
    assert where._json_line("a1") == 2
    assert where._json_line("a1.1") == 3
    assert where._json_line("a2") == 3  # the first line holding it
    assert where._json_line("a") is None
    assert where._json_line('a"1') is None
    lines = ("para label=x.1", "ja: 一", "para label=x.10", "en: ten", "ja: 十")
    assert Locator._by_label(lines, "x.1", "ja") == 2
    assert Locator._by_label(lines, "x.10", "ja") == 5
    assert Locator._by_label(lines, "x.10", "en") == 4
    assert Locator._by_label(lines, "x", "ja") is None


# --- the streamed reports -----------------------------------------------------------------

FINDINGS = [
    Finding("term-scope", '「対象者」 is used <here> & "there"', "t/a.j2", 3, "a1"),
    Finding(
        "option-unused", "option 'x'\nis set, 100% unread, a:b", "bill.yaml", None, None, "warning"
    ),
    Finding("numbering", "gap\ttab", None, None, "a2"),
    Finding("term-scope", "again ]]> </failure>", "t/b.j2", 9, "a3"),
]


def _whole_json(findings, name):
    data = {
        "bill": name,
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "findings": [
            {k: getattr(f, k) for k in ("rule", "severity", "file", "line", "label", "message")}
            for f in findings
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _whole_junit(findings, name):
    def where(f):
        return f"{f.file}:{f.line}" if f.file and f.line else f.file or "-"

    suite = ET.Element("testsuite", name=f"clausewise check {name}")
    failures = 0
    for f in findings:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"clausewise.{f.rule}",
            name=f"{where(f)} {f.label or ''}".strip(),
        )
        if f.severity == "error":
            failures += 1
            fail = ET.SubElement(case, "failure", message=f.message, type=f.rule)
            fail.text = f"{where(f)}: {f.message}"
        else:
            ET.SubElement(case, "system-out").text = f"warning: {where(f)}: {f.message}"
    hit = {f.rule for f in findings}
    for rule, (_, purpose) in RULES.items():
        if rule not in hit:
            ET.SubElement(suite, "testcase", classname=f"clausewise.{rule}", name=purpose)
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


@pytest.mark.parametrize("n", [0, 1, 2, 4])
def test_streamed_json_and_junit_are_the_whole_documents_byte_for_byte(n):
    findings = FINDINGS[:n]
    assert render_report(findings, "json", "b「x」.yaml") == _whole_json(findings, "b「x」.yaml")
    assert render_report(findings, "junit", "b&x") == _whole_junit(findings, "b&x")


def test_streamed_text_and_github_reports():
    text = render_report(FINDINGS, "text", "bill.yaml").splitlines()
    assert text[0] == 't/a.j2:3: error: 「対象者」 is used <here> & "there" [term-scope]'
    assert text[3] == "-: error: gap\ttab [numbering]"  # the message before holds a newline
    assert text[-1] == "bill.yaml: 3 error(s), 1 warning(s)"
    assert render_report([], "text", "bill.yaml") == "bill.yaml: all checks passed\n"
    gh = render_report(FINDINGS, "github", "bill.yaml").splitlines()
    assert gh[1] == (
        "::warning file=bill.yaml,title=clausewise option-unused::"
        "option 'x'%0Ais set, 100%25 unread, a:b"
    )
    assert len(gh) == 4
    assert render_report([], "github", "b") == "b: all checks passed\n"


def test_write_report_counts_as_it_streams():
    out = io.StringIO()
    counts = write_report(iter(FINDINGS), "text", "b", out)
    assert isinstance(counts, Counts)
    assert (counts.errors, counts.warnings, counts.findings) == (3, 1, 4)
    assert counts.rules == {"term-scope", "option-unused", "numbering"}


def test_check_report_to_a_file_is_the_one_on_standard_output(tmp_path: Path):
    bill = copy_mini(tmp_path)
    purpose = bill.parent / "templates" / "mini" / "purpose.j2"
    purpose.write_text(
        purpose.read_text("utf-8").replace("ja: この法律は、", "ja: この法律は、「特定物」及び"),
        "utf-8",
    )
    for fmt in ("text", "json", "junit", "github"):
        shown = run_cli("check", bill, "--format", fmt)
        assert shown.exit_code == 1, shown.output
        target = tmp_path / f"report.{fmt}"
        written = run_cli("check", bill, "--format", fmt, "-o", target)
        assert written.exit_code == 1 and written.output == ""
        assert target.read_text("utf-8") == shown.output
        assert "term-undefined" in shown.output
    data = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert data["errors"] == len(data["findings"]) >= 1
    suite = ET.parse(tmp_path / "report.junit").getroot()[0]
    assert int(suite.get("failures")) == data["errors"]
    assert int(suite.get("tests")) == len(suite)
