"""The bill's own 附則 amending 入管法: written as structured changes, rendered as 改め文 in the
same forms as the review wing's generator, and laid out as bills print them. Review findings
42 (a sunset that left dead text in 入管法) and 45 (the 改め文 set as one paragraph)."""

from __future__ import annotations

import io

import docx
import pytest
from clausewise.compare.review.kaimebun.apply import apply
from clausewise.compare.review.kaimebun.generate import amend
from clausewise.compare.review.kaimebun.law import law_text
from clausewise.drafts.amending import AmendmentSpecError, amendment
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.model import Document, Provision
from clausewise.drafts.render import render_bill
from clausewise.drafts.writers import render


@pytest.fixture(scope="module")
def bills():
    return {name: render_bill(load_bill(name)) for name in ("jp-magnitsky", "jp-magnitsky-hr-only")}


def _article(doc: Document, caption_ja: str) -> list[Provision]:
    return [
        a
        for p in doc.provisions
        if p.kind == "supplementary"
        for a in p.children
        if (a.caption or {}).get("ja") == caption_ja
    ]


def _act_fragment(items: list[tuple[str, str, str]]) -> Document:
    """Article 5(1) of 入管法 as far as the change needs it: items by number only. The act's
    own wording is not in the corpus, and is not needed: it is never quoted."""
    para = Provision("paragraph", "p1", {"ja": "", "en": "(1)"}, text={"ja": "（略）", "en": ""})
    for label, num_ja, text in items:
        para.children.append(Provision("item", label, {"ja": num_ja, "en": ""}, text={"ja": text}))
    art = Provision("article", "a5", {"ja": "第五条", "en": "Article 5"}, children=[para])
    art.children.append(Provision("paragraph", "p2", {"ja": "２"}, text={"ja": "（略）"}))
    return Document("immigration", {"ja": "出入国管理及び難民認定法", "en": ""}, [art])


def test_immigration_amendment_is_the_generators_text(bills):
    (art,) = _article(bills["jp-magnitsky"], "出入国管理及び難民認定法の一部改正")
    lines = art.children[0].text["ja"].split("\n")
    assert (
        lines[0]
        == "出入国管理及び難民認定法（昭和二十六年政令第三百十九号）の一部を次のように改正する。"
    )
    inserted = lines[2].split("\u3000", 2)[2]
    before = _act_fragment([("i13", "十三", "（略）"), ("i14", "十四", "（略）")])
    after = _act_fragment(
        [("i13", "十三", "（略）"), ("i13-2", "十三の二", inserted), ("i14", "十四", "（略）")]
    )
    generated = amend(before, after).text("ja").rstrip("\n").split("\n")
    assert lines[1:] == generated
    # And the reader-applier applies the bill's 改め文 to the act's article 5 as intended.
    assert law_text(apply(before, "\n".join(lines[1:]))) == law_text(after)
    en = art.children[0].text["en"].split("\n")
    assert en[1] == "In Article 5, paragraph (1), the following item is added after item (xiii):"
    assert en[2].startswith("(xiii)-2 a person who is a designated foreign person")


def test_defect_42_sunset_deletes_the_inserted_item(bills):
    doc = bills["jp-magnitsky-hr-only"]
    amending = _article(doc, "出入国管理及び難民認定法の一部改正")
    assert len(amending) == 2, "the sunset gets its own amending article"
    lapse = amending[1]
    assert lapse.children[0].text["ja"].split("\n")[1] == "\u3000第五条第一項第十三号の二を削る。"
    # The dead-text formula is gone ...
    assert "第十三号の二の規定は" not in doc.find("suppl-sunset").all_text("ja")
    # ... the deletion commences on the sunset date (附則第一条ただし書), and survives the lapse.
    commencement = doc.find("suppl-commencement").all_text("ja")
    sunset = doc.find("suppl-sunset").number["ja"]
    assert f"附則{lapse.number['ja']}の規定は" in commencement
    assert f"附則{sunset}第一項に規定する日から" in commencement
    assert "この法律（附則第一条ただし書及び次条の規定を除く。）は" in doc.find(
        "suppl-sunset"
    ).all_text("ja")
    # The deletion undoes the insertion, item for item.
    inserted = _act_fragment(
        [("i13", "十三", "（略）"), ("i13-2", "十三の二", "x"), ("i14", "十四", "（略）")]
    )
    lapsed = apply(inserted, lapse.children[0].text["ja"].split("\n", 1)[1])
    assert [i.number["ja"] for i in lapsed.provisions[0].children[0].children] == ["十三", "十四"]
    # Without a sunset there is nothing to delete.
    assert len(_article(bills["jp-magnitsky"], "出入国管理及び難民認定法の一部改正")) == 1


def test_defect_45_amendment_laid_out_as_bills_print_it(bills):
    data = render(bills["jp-magnitsky"], "docx", "ja")
    paras = docx.Document(io.BytesIO(data)).paragraphs
    at = next(i for i, p in enumerate(paras) if "一部を次のように改正する。" in p.text)
    head, sentence, item = paras[at : at + 3]
    assert "\n" not in head.text and "第五条第一項" not in head.text
    assert sentence.text == "第五条第一項第十三号の次に次の一号を加える。"
    sf = sentence.style.paragraph_format
    assert (sf.left_indent or 0) == 0 and sf.first_line_indent.pt == pytest.approx(10.5)
    assert item.text.startswith("十三の二\u3000特定人権侵害行為等に関与した")
    assert item.style.name == "Item"
    itf = item.style.paragraph_format
    # A 号's hanging indent: continuation lines under the text, not left of the first line.
    assert itf.left_indent.pt == pytest.approx(21.0) and itf.first_line_indent.pt < 0


def test_the_egov_export_carries_the_deletion(bills):
    from lxml import etree

    root = etree.fromstring(render(bills["jp-magnitsky-hr-only"], "egov", "ja"))
    sentences = [s.text for s in root.iter("AmendProvisionSentence") for s in s.iter("Sentence")]
    assert sentences == [
        "第五条第一項第十三号の次に次の一号を加える。",
        "第五条第一項第十三号の二を削る。",
    ]


@pytest.mark.parametrize(
    "change",
    [{"article": 5}, {"article": "x", "delete": ["1"]}, {"article": 5, "delete": ["1", "2"]}],
)
def test_bad_structured_changes_are_refused(change):
    with pytest.raises(AmendmentSpecError):
        amendment("ja", change)


def test_gap_4_resident_designated_persons_lose_status_and_can_be_removed(bills):
    """Substantive gap 4 (入管法 part): besides refusal of landing, a designated person already
    in Japan can have the status of residence revoked and be deported, through 入管法's own
    procedures (its articles cited, no 号 number of it invented)."""
    for doc in bills.values():
        article = doc.find("entry-refusal")
        text = article.all_text("ja")
        assert "出入国管理及び難民認定法第二十二条の四第一項の規定の例により" in text
        assert "現に有する在留資格を取り消すことができる" in text
        assert "同法第五章に規定する手続により、本邦からの退去を強制することができる" in text
        assert "在留資格の取消し" in article.caption["ja"] and "退去強制" in article.caption["ja"]
        en = article.all_text("en")
        assert "revoke the status of residence" in en and "deported" in en


def test_gap_4_provisional_designation_does_not_revoke_residence(bills):
    """A provisional designation (30 days, no hearing) is not a ground for revoking a status of
    residence or for deportation: those paragraphs are excluded from its deeming provision."""
    doc = bills["jp-magnitsky"]
    effect = doc.find("provisional-effect").text["ja"]
    from clausewise.drafts.jpnum import parse
    from clausewise.drafts.kanji import to_kanji

    article = doc.find("entry-refusal").number["ja"]
    cancel, remove = (
        to_kanji(parse(doc.find(label).number["ja"])[0])
        for label in ("entry-refusal-cancellation", "entry-refusal-removal")
    )
    assert f"{article}第{cancel}項及び第{remove}項" in effect
