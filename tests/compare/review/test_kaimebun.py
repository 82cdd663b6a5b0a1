"""改め文 generated from a change and read back: apply(OLD, amend(OLD, NEW)) == NEW.

The property is checked on hypothesis-generated laws and edits (words replaced, added and
deleted; articles, paragraphs and items added and removed, with the renumbering that
follows; captions), on the shipped bill's versions and on the e-Gov 行政手続法 file. The
forms are those of KAIMEBUN.md, checked sentence by sentence on small cases.
"""

from __future__ import annotations

import copy

import pytest
from clausewise.compare.review.kaimebun.apply import apply, parse_sentence
from clausewise.compare.review.kaimebun.generate import amend
from clausewise.compare.review.kaimebun.job import amendment
from clausewise.compare.review.kaimebun.law import AmendError, law_text
from clausewise.compare.review.versions import diff_documents
from clausewise.drafts import numbering
from clausewise.drafts.model import Document, Provision
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import bill_versions
from tests.conftest import _missing
from tests.helpers import run_cli

WORDS = [
    "外務大臣",
    "財務大臣",
    "指定",
    "外国人等",
    "財産",
    "許可",
    "報告",
    "公表",
    "三年",
    "五年",
    "第二十条",
    "百万円",
    "政令",
    "命令",
    "措置",
    "必要",
    "適当",
    "速やかに",
    "遅滞なく",
    "国際機関",
]
JOINS = ["は、", "に対し、", "の", "及び", "又は", "について、", "を", "により、"]
ENDS = ["をしなければならない。", "とする。", "を定める。", "することができる。"]


# --- a small law, numbered as a draft is ---------------------------------------------------


def _renumber(doc: Document) -> Document:
    n = 0
    for ch_i, ch in enumerate(doc.provisions, 1):
        ch.number = numbering.chapter(ch_i)
        for art in ch.children:
            n += 1
            art.number = numbering.article(n)
            for p_i, para in enumerate(art.children, 1):
                para.number = numbering.paragraph(p_i, len(art.children))
                para.label = f"{art.label}.{p_i}"
                for i_i, item in enumerate(para.children, 1):
                    item.number = numbering.item(i_i)
                    item.label = f"{para.label}.{i_i}"
    return doc


@st.composite
def sentences(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=5))
    joins = draw(st.lists(st.sampled_from(JOINS), min_size=len(words) - 1, max_size=len(words) - 1))
    body = "".join(w + j for w, j in zip(words, joins + [""], strict=True))
    return body + draw(st.sampled_from(ENDS))


@st.composite
def items(draw, label) -> Provision:
    text = draw(sentences()).rstrip("。")
    return Provision("item", label, text={"ja": text, "en": ""})


@st.composite
def paras(draw, label) -> Provision:
    p = Provision("paragraph", label, text={"ja": draw(sentences()), "en": ""})
    for i in range(draw(st.integers(0, 3))):
        p.children.append(draw(items(f"{label}.{i + 1}")))
    return p


@st.composite
def articles(draw, label) -> Provision:
    cap = draw(st.sampled_from([None, "指定", "報告", "許可の申請"]))
    a = Provision("article", label, caption={"ja": cap, "en": ""} if cap else None)
    for i in range(draw(st.integers(1, 3))):
        a.children.append(draw(paras(f"{label}.{i + 1}")))
    return a


@st.composite
def laws(draw) -> Document:
    doc = Document("law", {"ja": "試験法", "en": "Test Act"})
    n = 0
    for c in range(2):
        ch = Provision("chapter", f"ch{c}", caption={"ja": ["総則", "雑則"][c], "en": ""})
        for _ in range(draw(st.integers(1, 4))):
            n += 1
            ch.children.append(draw(articles(f"art{n}")))
        doc.provisions.append(ch)
    return _renumber(doc)


def _texts(doc: Document) -> list[Provision]:
    return [p for p in doc.walk() if p.kind in ("paragraph", "item")]


@st.composite
def edited(draw):
    old = draw(laws())
    new = copy.deepcopy(old)
    fresh = 100
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(
            st.sampled_from(
                [
                    "replace",
                    "insert",
                    "delete",
                    "add_article",
                    "remove_article",
                    "add_para",
                    "remove_para",
                    "add_item",
                    "remove_item",
                    "caption",
                ]
            )
        )
        arts = [a for ch in new.provisions for a in ch.children]
        if kind in ("replace", "insert", "delete"):
            p = draw(st.sampled_from(_texts(new)))
            text = p.text["ja"]
            i = draw(st.integers(0, max(0, len(text) - 2)))
            j = draw(st.integers(i, min(len(text) - 1, i + 6)))
            word = draw(st.sampled_from(WORDS))
            if kind == "replace":
                text = text[:i] + word + text[j:]
            elif kind == "insert":
                text = text[:i] + word + text[i:]
            elif j > i:
                text = text[:i] + text[j:]
            if text.strip("。"):
                p.text["ja"] = text
        elif kind == "add_article":
            ch = draw(st.sampled_from(new.provisions))
            fresh += 1
            ch.children.insert(
                draw(st.integers(0, len(ch.children))), draw(articles(f"art{fresh}"))
            )
        elif kind == "remove_article":
            ch = draw(st.sampled_from(new.provisions))
            if len(ch.children) > 1:
                ch.children.pop(draw(st.integers(0, len(ch.children) - 1)))
        elif kind == "add_para":
            a = draw(st.sampled_from(arts))
            a.children.insert(draw(st.integers(0, len(a.children))), draw(paras("x")))
        elif kind == "remove_para":
            a = draw(st.sampled_from(arts))
            if len(a.children) > 1:
                a.children.pop(draw(st.integers(0, len(a.children) - 1)))
        elif kind == "add_item":
            p = draw(st.sampled_from([p for a in arts for p in a.children]))
            p.children.insert(draw(st.integers(0, len(p.children))), draw(items("x")))
        elif kind == "remove_item":
            ps = [p for a in arts for p in a.children if p.children]
            if ps:
                p = draw(st.sampled_from(ps))
                p.children.pop(draw(st.integers(0, len(p.children) - 1)))
        else:
            a = draw(st.sampled_from(arts))
            cap = draw(st.sampled_from([None, "指定の解除", "報告等", "許可"]))
            a.caption = {"ja": cap, "en": ""} if cap else None
    return old, _renumber(new)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited())
def test_applying_the_generated_amendment_gives_the_new_law(pair):
    old, new = pair
    result = amend(old, new)
    assert law_text(apply(old, result.text("ja"))) == law_text(new), result.text("ja")
    for s in result.sentences:
        assert s.ja.endswith("。") and s.en
        parse_sentence(s.ja)  # every sentence reads back on its own


# --- the shipped bill's versions -----------------------------------------------------------


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    return bill_versions.load_all(tmp_path_factory.mktemp("versions"))


@pytest.mark.parametrize("name", ["inserted", "words_changed", "removed"])
def test_bill_versions_round_trip(versions, name):
    old, new = versions["base"].doc, versions[name].doc
    result = amendment(old, new)  # checks apply(OLD, 改め文) == NEW itself
    assert law_text(apply(old, result.text("ja"))) == law_text(new)
    assert law_text(apply(new, amend(new, old).text("ja"))) == law_text(old)


def _last(doc) -> str:
    from clausewise.compare.review.kaimebun.law import main_articles

    return main_articles(doc)[-1].number["ja"]


def _next(number: str, k: int) -> str:
    from clausewise.drafts.jpnum import parse, title

    n = parse(number)
    return title((n[0] + k, *n[1:]), "条")


def test_inserted_article_renumbers_from_the_back(versions):
    old = versions["base"].doc
    text = amend(old, versions["inserted"].doc).text("ja")
    last = _last(old)
    assert (
        f"{last}を{_next(last, 1)}とし、第五条から{_next(last, -1)}までを一条ずつ繰り下げ、"
        "第四条の次に次の一条を加える。\n　（年次評価）\n　第五条　外務大臣は、毎年、" in text
    )
    # Consequential changes of the references come as word changes, front to back.
    assert "第二条第六項中「第十一条」を「第十二条」に" in text
    assert text.index("目次中") < text.index("第二条第六項中") < text.index("第四条の次に")


def test_removed_article_moves_the_rest_up(versions):
    old = versions["base"].doc
    text = amend(old, versions["removed"].doc).text("ja")
    assert (
        f"第三条を削り、第四条を第三条とし、第五条から{_last(old)}までを一条ずつ繰り上げる。"
        in text
    )


def test_word_changes_quote_units_of_meaning(versions):
    text = amend(versions["base"].doc, versions["words_changed"].doc).text("ja")
    reporting = versions["base"].doc.find("offence-reporting").number["ja"]
    assert f"{reporting}中「六月」を「一年」に改める。" in text
    assert "第三条第二項中「公正」の下に「、透明」を加える。" in text
    en = amend(versions["base"].doc, versions["words_changed"].doc).text("en")
    reporting_en = versions["base"].doc.find("offence-reporting").number["en"]
    assert f'In {reporting_en}, "6 months" is replaced with "1 year".' in en


def test_same_change_set_as_the_shinkyu_table(versions):
    """Every provision the 新旧対照表 marks as changed in wording is amended by a sentence."""
    old, new = versions["base"].doc, versions["words_changed"].doc
    changed = [c for c in diff_documents(old, new).changes if "changed" in c.kinds]
    text = amend(old, new).text("ja")
    for c in changed:
        art = c.new if c.unit == "article" else None
        number = art.number["ja"] if art else None
        if number:
            assert number in text


# --- forms on small cases ------------------------------------------------------------------


def _law(*arts: list[str], caps=None) -> Document:
    doc = Document("t", {"ja": "試験法", "en": ""})
    ch = Provision("chapter", "ch", caption={"ja": "総則", "en": ""})
    for i, paras_ in enumerate(arts):
        cap = (caps or {}).get(i)
        a = Provision("article", f"a{i}", caption={"ja": cap, "en": ""} if cap else None)
        for j, t in enumerate(paras_):
            p = Provision("paragraph", f"a{i}.{j + 1}", text={"ja": t, "en": ""})
            a.children.append(p)
        ch.children.append(a)
    doc.provisions.append(ch)
    return _renumber(doc)


def test_caption_forms():
    old = _law(["甲は、乙とする。"], caps={0: "指定"})
    new = copy.deepcopy(old)
    new.provisions[0].children[0].caption = {"ja": "指定等", "en": ""}
    assert amend(old, new).text("ja") == "　第一条の見出しを「（指定等）」に改める。\n"
    none = copy.deepcopy(old)
    none.provisions[0].children[0].caption = None
    assert amend(none, old).text("ja") == "　第一条に見出しとして「（指定）」を付する。\n"


def test_paragraph_added_in_the_middle():
    old = _law(["甲は、乙とする。", "丙は、丁とする。", "戊は、己とする。"])
    new = copy.deepcopy(old)
    art = new.provisions[0].children[0]
    art.children.insert(1, Provision("paragraph", "x", text={"ja": "庚は、辛とする。", "en": ""}))
    _renumber(new)
    text = amend(old, new).text("ja")
    assert text == (
        "　第一条第三項を同条第四項とし、同条第二項を同条第三項とし、"
        "同条第一項の次に次の一項を加える。\n"
        "　２　庚は、辛とする。\n"
    )
    assert law_text(apply(old, text)) == law_text(new)


def test_whole_article_replaced_when_most_of_it_changes():
    old = _law(["甲は、乙とする。"])
    new = _law(["外務大臣は、指定をしたときは、遅滞なく、官報で告示しなければならない。"])
    text = amend(old, new).text("ja")
    assert text.startswith("　第一条を次のように改める。\n　第一条　外務大臣は、")


@pytest.mark.parametrize(
    "sentence, problem",
    [
        ("第一条中「丙」を「丁」に改める。", "is not in"),
        ("第九条を削る。", "no such article"),
        ("第一条中「甲」を「乙」に改め", "ends in 。"),
        ("第一条中「甲を「乙」に改める。", "unbalanced"),
    ],
)
def test_a_broken_amendment_is_refused(sentence, problem):
    old = _law(["甲は、乙とする。"])
    with pytest.raises(AmendError, match=problem):
        apply(old, sentence)


# --- the command and e-Gov files -----------------------------------------------------------


def test_amend_cli_on_two_egov_files(corpus_dir, tmp_path):
    files = sorted((corpus_dir / "jp" / "egov").glob("*.xml"))
    if not files:
        _missing("the e-Gov file of 行政手続法")
    text = files[0].read_text(encoding="utf-8")
    revised = text.replace(
        "申請者の求めに応じ、当該申請に係る審査",
        "申請者の求めに応じ、速やかに、当該申請に係る審査",
        1,
    )
    new = tmp_path / "new.xml"
    new.write_text(revised, encoding="utf-8")
    r = run_cli("amend", files[0], new)
    assert r.exit_code == 0, r.output
    assert r.output == "　第九条第一項中「応じ、」の下に「速やかに、」を加える。\n"
    r = run_cli("amend", files[0], new, "--lang", "en")
    assert r.exit_code == 0 and r.output.startswith("　In Article 9, paragraph (1),")


def test_amend_cli_bad_input_is_exit_2(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<Law>", encoding="utf-8")
    r = run_cli("amend", "jp-magnitsky", bad)
    assert r.exit_code == 2 and "bad.xml" in r.output


def test_branch_numbered_article_in_an_egov_law(corpus_dir, tmp_path):
    """An article added with a branch number (第九条の二) renumbers nothing, both ways."""
    from clausewise.drafts.readers import egov

    files = sorted((corpus_dir / "jp" / "egov").glob("*.xml"))
    if not files:
        _missing("the e-Gov file of 行政手続法")
    text = files[0].read_text(encoding="utf-8")
    art = (
        '<Article Num="9_2"><ArticleCaption>（試行）</ArticleCaption><ArticleTitle>第九条の二'
        '</ArticleTitle><Paragraph Num="1"><ParagraphNum/><ParagraphSentence><Sentence Num="1">'
        "行政庁は、申請の処理の状況を公表するよう努めなければならない。</Sentence>"
        "</ParagraphSentence></Paragraph></Article>"
    )
    at = text.index('<Article Num="10">')
    old = egov.load(files[0])
    new = egov.loads((text[:at] + art + text[at:]).encode("utf-8"), "branch.xml")
    forward = amendment(old, new).text("ja")
    assert forward == (
        "　第九条の次に次の一条を加える。\n　（試行）\n"
        "　第九条の二　行政庁は、申請の処理の状況を公表するよう努めなければならない。\n"
    )
    assert amendment(new, old).text("ja") == "　第九条の二を削る。\n"


def test_the_two_shipped_bills_amend_each_other():
    """The default bill and its hr-only variant differ in dozens of articles, the 附則 (an
    inserted article that itself holds 改め文) and the chapters' contents: both ways round,
    the 改め文 read back give the other bill exactly."""
    from clausewise.drafts.billfile import load_bill
    from clausewise.drafts.render import render_bill

    full = render_bill(load_bill("jp-magnitsky"))
    hr = render_bill(load_bill("jp-magnitsky-hr-only"))
    for old, new in ((full, hr), (hr, full)):
        text = amendment(old, new).text("ja")
        assert law_text(apply(old, text)) == law_text(new)
    assert "附則第六条及び第七条を削る。" in amend(hr, full).text("ja")
