"""General renderer features the first bill review asked for (bill-review-1 findings 2, 3, 12-17,
22, 39): grouped references, 同条 and 次項, 準用 scope, term scope, catch-all items last and
the commencement ただし書 — as pure functions and on the small test bill as built."""

from __future__ import annotations

import pytest
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.errors import BillError
from clausewise.drafts.refs import Loc, render_range, render_ref, render_refs
from clausewise.drafts.render import render_bill

from tests import bill_versions as bv
from tests.helpers import copy_mini, run_cli


def art(n: int, paras: int = 3) -> Loc:
    return Loc("main", n - 1, n, n_paras=paras)


def para(n: int, p: int, paras: int = 3) -> Loc:
    return Loc("main", n - 1, n, n_paras=paras, para=p)


# --- refs(): grouping and 及び/並びに, 又は/若しくは by nesting ------------------------------


def test_same_article_paragraphs_merged_and_outer_level_is_narabini():
    targets = [para(4, 2), para(4, 3), art(5), art(6)]
    assert render_refs(targets, None, "ja") == "第四条第二項及び第三項、第五条並びに第六条"
    assert (
        render_refs(targets, None, "en")
        == "Article 4, paragraphs (2) and (3), and Articles 5 and 6"
    )


def test_alternatives_nest_with_moshikuha():
    targets = [para(17, 2), para(18, 2), para(18, 3)]
    assert (
        render_refs(targets, None, "ja", "or") == "第十七条第二項又は第十八条第二項若しくは第三項"
    )
    assert (
        render_refs(targets, None, "en", "or")
        == "Article 17, paragraph (2) or Article 18, paragraph (2) or (3)"
    )


def test_one_level_lists_keep_oyobi_and_matawa():
    assert render_refs([art(5), art(6), art(8)], None, "ja") == "第五条、第六条及び第八条"
    assert render_refs([art(5), art(6), art(8)], None, "en") == "Articles 5, 6 and 8"
    assert render_refs([art(14), art(15)], None, "ja", "or") == "第十四条又は第十五条"
    assert render_refs([para(18, 2), para(18, 3)], None, "en", "or") == (
        "Article 18, paragraph (2) or (3)"
    )


def test_paragraphs_of_the_article_being_written_are_cited_without_the_article():
    here = para(19, 5, paras=7)
    targets = [para(19, 2, 7), para(19, 3, 7)]
    assert render_refs(targets, here, "ja", "or") == "第二項又は第三項"
    assert render_refs(targets, here, "en", "or") == "paragraph (2) or (3)"


def test_applied_provisions_carry_the_junyou_scope():
    applying = para(9, 4, paras=5)
    targets = [art(5), art(6), para(9, 5, 5), art(10), art(11)]
    suffixes = [(applying,), (applying,), (), (), ()]
    assert render_refs(targets, None, "ja", suffixes=suffixes) == (
        "第五条及び第六条（これらの規定を第九条第四項において準用する場合を含む。）、"
        "第九条第五項、第十条並びに第十一条"
    )
    assert render_refs(targets, None, "en", suffixes=suffixes) == (
        "Articles 5 and 6 (including as applied mutatis mutandis pursuant to Article 9, "
        "paragraph (4)), Article 9, paragraph (5), and Articles 10 and 11"
    )


# --- ref(): 同条, 同項 and 次項 ---------------------------------------------------------------


def test_second_citation_of_an_article_is_doujou():
    here = para(6, 1)
    first = para(5, 3, paras=6)
    again = para(5, 5, paras=6)
    assert render_ref(first, here, "ja") == "前条第三項"
    assert render_ref(again, here, "ja", ditto=first) == "同条第五項"
    assert render_ref(again, here, "en", ditto=first) == "paragraph (5) of that Article"
    item = Loc("main", 4, 5, n_paras=6, para=3, item=2)
    assert render_ref(item, here, "ja", ditto=first) == "同項第二号"
    assert render_ref(item, here, "en", ditto=first) == "item (ii) of that paragraph"


def test_following_paragraph_is_jikou():
    here = para(4, 1)
    assert render_ref(para(4, 2), here, "ja") == "次項"
    assert render_ref(para(4, 2), here, "en") == "the following paragraph"
    assert render_ref(para(4, 3), here, "ja") == "第三項"


# --- on the small bill as built --------------------------------------------------------------


def _render(bill):
    return render_bill(load_bill(str(bill)))


def test_term_used_outside_its_article_is_a_build_error(tmp_path):
    bill = copy_mini(tmp_path)
    tdir = bill.parent / "templates" / "mini"
    with (tdir / "terms.yaml").open("a", encoding="utf-8") as fh:
        fh.write("subject: {ja: 対象者, en: person concerned}\n")
    bv.edit(
        tdir / "designate.j2",
        "ja: 外務大臣は、外国人を指定することができる。",
        "ja: 外務大臣は、外国人（以下この条において{{ define('subject', scope='article') }}"
        "という。）を指定することができる。",
    )
    assert _render(bill).find("designate.1").text["ja"].count("「対象者」") == 1
    bv.edit(tdir / "purpose.j2", "ja: この法律は、", "ja: この法律は、{{ term('subject') }}及び")
    with pytest.raises(BillError, match="defined 「以下この条において」 but used outside"):
        _render(bill)
    result = run_cli("build", bill, "-o", tmp_path / "out", "--format", "md")
    assert result.exit_code == 2 and "purpose.j2:5" in result.output


def test_catch_all_item_goes_last_whatever_the_order(tmp_path):
    bill = copy_mini(tmp_path)
    tdir = bill.parent / "templates" / "mini"
    bv.edit(
        tdir / "designate.j2",
        "item\nja: 氏名\nen: name\n",
        "item\nja: 前各号に掲げるもののほか、政令で定める事項\nen: beyond what is set forth in "
        "the preceding items, matters specified by Cabinet Order.\n\nitem\nja: 氏名\nen: name;\n",
    )
    items = _render(bill).find("notice").children
    assert [i.text["ja"] for i in items][-1] == "前各号に掲げるもののほか、政令で定める事項"
    assert items[0].text["ja"] == "氏名"
    # English item endings follow the new order.
    assert items[-1].text["en"].endswith("Cabinet Order.") and items[0].text["en"] == "name;"


def test_commencement_proviso_names_the_early_provisions(tmp_path):
    bill = copy_mini(tmp_path)
    tdir = bill.parent / "templates" / "mini"
    (tdir / "commence.j2").write_text(
        "para\nja: この法律は、公布の日から起算して三月を経過した日から施行する。"
        "{{ commencement_proviso() }}\nen: This Act comes into effect as of the day on which "
        "3 months have elapsed from the day of its promulgation{{ commencement_proviso() }}.\n",
        encoding="utf-8",
    )
    plain = _render(bill).find("commencement.1").text
    assert plain["ja"].endswith("施行する。") and "ただし" not in plain["ja"]
    (tdir / "prep.j2").write_text(
        "{{ early() }}\ncaption: 準備行為 | Preparatory Acts\npara\nja: 外務大臣は、この法律の"
        "施行前においても、準備行為をすることができる。\nen: The Minister may act.\n",
        encoding="utf-8",
    )
    bv.edit(
        bill,
        "  - {label: commencement, template: commence}\n",
        "  - {label: commencement, template: commence}\n  - {label: prep, template: prep}\n",
    )
    text = _render(bill).find("commencement.1").text
    assert text["ja"].endswith("施行する。ただし、附則第二条の規定は、公布の日から施行する。")
    assert text["en"].endswith(
        "; provided, however, that the provisions of Article 2 of the Supplementary Provisions "
        "come into effect as of the day of promulgation."
    )


def test_range_of_paragraphs_of_one_article():
    here = para(19, 7, paras=7)
    a, b = para(19, 1, 7), para(19, 4, 7)
    assert render_range(a, b, "ja", here) == "第一項から第四項まで"
    assert render_range(a, b, "en", here) == "paragraphs (1) through (4)"
    assert render_range(para(5, 1), para(5, 3), "ja") == "第五条第一項から第三項まで"
    assert render_range(art(5), art(8), "en") == "Articles 5 through 8"


def test_item_of_a_relative_article_in_english():
    here = para(5, 3)
    target = Loc("main", 5, 6, n_paras=6, para=1, item=3)
    assert render_ref(target, here, "ja") == "次条第一項第三号"
    assert render_ref(target, here, "en") == "paragraph (1), item (iii) of the following Article"
