"""The findings of ../shared/reviews/bill-review-1.md, each read on the bill as built.

Every test builds the shipped bills with the CLI (`clausewise build --format md,json`) and
reads the written files: the JSON for one provision, the Markdown for the whole text. The
number in a test's name is the finding's number in the review; findings 42 and 45 (the
改め文 of the 附則) are tested with the 改め文 generator, and 46-47 (Word layout) in
test_review1_docx.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers import REPO, run_cli

DEFAULT = REPO / "drafts" / "jp-magnitsky.yaml"
HR_ONLY = REPO / "drafts" / "jp-magnitsky-hr-only.yaml"


class Built:
    """One bill as the CLI wrote it: the JSON by label, the Markdown in each language."""

    def __init__(self, out: Path, stem: str):
        doc = json.loads((out / "json" / f"{stem}.json").read_text(encoding="utf-8"))
        self.doc = doc
        self.by_label: dict[str, dict] = {}

        def walk(p):
            self.by_label[p["label"]] = p
            for c in p["children"]:
                walk(c)

        for p in doc["provisions"]:
            walk(p)
        self.md = {
            lang: (out / lang / f"{stem}.md").read_text(encoding="utf-8") for lang in ("ja", "en")
        }

    def text(self, label: str, lang: str = "ja") -> str:
        return self.by_label[label]["text"][lang]

    def number(self, label: str, lang: str = "ja") -> str:
        return self.by_label[label]["number"][lang]

    def items(self, label: str, lang: str = "ja") -> list[str]:
        return [c["text"][lang] for c in self.by_label[label]["children"]]

    def caption(self, label: str, lang: str = "ja") -> str:
        return self.by_label[label]["caption"][lang]

    def all(self, label: str, lang: str = "ja") -> str:
        out = []

        def walk(p):
            out.append(p["text"][lang])
            for c in p["children"]:
                walk(c)

        walk(self.by_label[label])
        return "\n".join(out)


def _build(tmp: Path, bill: Path) -> Built:
    for lang in ("ja", "en"):
        r = run_cli("build", bill, "--format", "md", "--lang", lang, "-o", tmp / lang)
        assert r.exit_code == 0, r.output
    r = run_cli("build", bill, "--format", "json", "-o", tmp / "json")
    assert r.exit_code == 0, r.output
    return Built(tmp, bill.stem)


@pytest.fixture(scope="module")
def bill(tmp_path_factory) -> Built:
    return _build(tmp_path_factory.mktemp("default"), DEFAULT)


@pytest.fixture(scope="module")
def hr(tmp_path_factory) -> Built:
    return _build(tmp_path_factory.mktemp("hr"), HR_ONLY)


def _quoted_replacement(text: str) -> tuple[str, str]:
    """From 「…中「A」とあるのは、「B」と読み替える」: the provision cited and A."""
    m = re.search(r"(第[^「」、。]+?)中「([^」]+)」とあるのは", text)
    assert m, text
    return m.group(1), m.group(2)


# --- 1. Defects of the default bill (Japanese) -------------------------------------------


def test_defect_01_extended_designation_stays_designated(bill, hr):
    for b in (bill, hr):
        d = b.text("def-designated-person")
        assert "延長されたものを含み" not in d
        assert "延長された場合にあっては、延長後の有効期間。以下同じ。）が満了したもの" in d
        # The 読替え of the 準用 quotes the 告示 item word for word.
        cited, words = _quoted_replacement(b.text("validity-procedure"))
        assert cited == b.number("notice").removesuffix("条") + "条第一項第三号"
        assert words == b.items("notice-gazette")[2]
        assert "「延長後の有効期間の満了の日」と読み替える" in b.text("validity-procedure")


def test_defect_02_preparation_operates_before_commencement(bill, hr):
    for b in (bill, hr):
        prep = b.number("suppl-preparation")
        assert b.caption("suppl-preparation") == "準備行為"
        assert b.caption("suppl-transitional") == "適用"
        # With a sunset (hr-only) the proviso also names the 入管法 deletion (finding 42, h12):
        # 「ただし、附則第三条の規定は公布の日から、附則第七条の規定は…に規定する日から施行する。」
        text = b.text("commencement-date")
        assert f"施行する。ただし、附則{prep}の規定は" in text
        assert text.endswith(f"ただし、附則{prep}の規定は、公布の日から施行する。") or (
            f"附則{prep}の規定は公布の日から、" in text and text.endswith("施行する。")
        )
        assert "provided, however, that the provisions of Article" in b.text(
            "commencement-date", "en"
        )


def test_defect_03_written_opinion_is_a_term_of_the_whole_act(bill):
    assert "（以下「意見書」という。）" in bill.text("observations-submit")
    assert "以下この条において「意見書」" not in bill.md["ja"]
    assert "意見書" not in bill.text("notice-person")
    assert "（以下この条において" not in bill.text("observations-submit")
    assert "written opinion” in this Article" not in bill.md["en"]


def test_defect_04_apa_article_14_reconciled_with_withheld_reasons(bill):
    rule = bill.text("observations-apa-reasons")
    assert "行政手続法第十四条第一項" in rule
    assert "「同時に」とあるのは、「速やかに」とする。" in rule
    secrecy = bill.number("confidentiality") + "第一項"
    assert f"{secrecy}の規定により理由に含めないこととした情報については、適用しない" in rule


def test_defect_05_crypto_assets_cited_with_their_article(bill):
    d = bill.text("def-regulated-property")
    assert "資金決済に関する法律（平成二十一年法律第五十九号）第二条第十四項に規定する暗号資産" in d
    assert "貴金属" not in d and "自動車" not in d


def test_defect_06_information_sharing_has_the_full_safeguards(bill):
    assert "（その対象たる犯罪事実が特定された後のものに限る。）" in bill.text(
        "coordination-sharing"
    )
    grounds = bill.items("coordination-consent")
    assert "政治犯罪" in grounds[0]
    assert "日本国の法令によれば罪に当たるものでない" in grounds[1]
    assert "保証がない" in grounds[2]
    confirm = bill.text("coordination-confirmation")
    assert "同項第一号及び第二号に該当しないことについて法務大臣の確認" in confirm
    assert "同項第三号に該当しないことについて" in confirm and "外務大臣の確認" in confirm


def test_defect_07_corporate_fine_follows_the_value(bill):
    first = bill.items("dual-liability-rule")[0]
    assert "（当該違反行為の目的物の価格の五倍が一億円を超えるときは、当該価格の五倍以下）" in first


def test_defect_08_prosecution_alone_does_not_force_delisting(bill):
    item = bill.text("revocation-accountability")
    assert "刑事上の責任を問われ" not in item
    assert "公正かつ実効的な手続により刑事上の責任を追及され、その罪に相当する刑に処せられ" in item


def test_defect_09_periodic_review_is_mandatory(bill):
    review = bill.text("validity-review")
    assert review.endswith("見直しを行わなければならない。")
    assert "当該指定に係る指定外国人等" in review
    assert "must review" in bill.text("validity-review", "en")
    assert "延長することができる" in bill.text("validity-extension")


def test_defect_10_period_runs_from_when_the_designation_takes_effect(bill):
    assert "指定がその効力を生じた日から起算して" in bill.text("validity-period")
    assert bill.items("notice-gazette")[2].startswith("指定がその効力を生ずる日")


def test_defect_11_justice_minister_told_of_every_change(bill):
    n = bill.text("entry-refusal-notify")
    assert "指定の有効期間を延長し" in n
    assert bill.number("validity") + "第五項の規定による告示をしたとき" in n
    assert "告示した事項に変更があったとき" in n


def test_defect_12_secrecy_covers_applied_notices_and_non_extension(bill):
    c = bill.text("confidentiality-reasons")
    v = bill.number("validity")
    assert f"（これらの規定を{v}第四項において準用する場合を含む。）、{v}第五項、" in c


def test_defect_13_applied_provisions_grouped(bill):
    p = bill.text("validity-procedure")
    n4, n6, n7 = bill.number("designation"), bill.number("notice"), bill.number("observations")
    assert p.startswith(f"{n4}第二項及び第三項、{n6}並びに{n7}の規定は、")


def test_defect_14_screening_uses_doujou_and_covers_applied_notices(bill):
    s = bill.text("reporting-screening")
    v, n = bill.number("validity"), bill.number("notice")
    assert "（以下この項において「顧客等」という。）" in s
    # The 告示 is also made for an extension (準用 by the validity article) and, with the
    # provisional designation of gap 8, for a 仮指定: every applying paragraph is named.
    p = bill.number("provisional-designation")
    assert f"{n}第一項（{p}第三項及び{v}第四項において準用する場合を含む。）の規定による告示" in s
    assert "告示及び同条第六項（" in s


def test_defect_15_reporting_offence_groups_one_article(bill):
    item = bill.items("offence-reporting.1")[0]
    r18, r19 = bill.number("exemptions"), bill.number("reporting")
    assert item.startswith(f"{r18}第二項又は{r19}第二項若しくは第三項の規定による報告")


def test_defect_16_second_citation_of_the_same_article_is_doujou(bill):
    s = bill.text("observations-submit")
    assert s.count("前条") == 1
    assert "（同条第五項の規定により" in s


def test_defect_17_following_paragraph_is_jikou(bill):
    assert "次項各号に掲げる事情を考慮して" in bill.text("designation-power")
    assert "the items of the following paragraph" in bill.text("designation-power", "en")


def test_defect_18_factors_have_an_antecedent(bill):
    lead = bill.text("designation-factors")
    assert "（以下この項において「対象者」という。）" in lead
    assert not any("当該外国人等" in i for i in bill.items("designation-factors"))


def test_defect_19_offence_items_merged(bill):
    a = bill.number("asset-freeze")
    items = bill.items("offence-main-penalty")
    assert f"{a}第二項又は第三項の規定に違反した者" in items
    assert f"{a}第三項の規定に違反した者" not in items


def test_defect_20_freedom_of_religion_without_a_stray_matawa(bill):
    item = bill.text("right-freedoms")
    assert "宗教又は信条" not in item
    assert "思想、良心及び宗教の自由（信条の自由を含む。）" in item


def test_defect_21_financial_services_prohibition_binds_everyone(bill):
    s = bill.text("making-available-services")
    assert s.startswith("何人も、")
    assert "預金又は貯金の受入れ" in s and "預金若しくは貯金" not in s


def test_defect_22_catch_all_licence_ground_is_the_last_item(bill):
    items = bill.items("licences-grant")
    assert items[-1].startswith("前各号に掲げるもののほか、")
    assert not any(i.startswith("前各号に掲げるもののほか") for i in items[:-1])


def test_defect_23_report_residual_item_is_a_catch_all(bill):
    assert bill.items("diet-report-duty")[-1].startswith("前各号に掲げるもののほか、")


def test_defect_24_kono_baai_ni_oite_before_a_subject(bill, hr):
    for b in (bill, hr):
        assert not re.search(r"この場合においては、[^、。]+大臣は、", b.md["ja"])
    assert "この場合において、法務大臣は、あらかじめ、" in bill.text("entry-refusal-special")


def test_defect_25_one_word_for_the_freeze(bill, hr):
    for b in (bill, hr):
        assert "資産凍結" not in b.md["ja"]
        assert b.doc["title"]["ja"].endswith("財産の凍結等の措置に関する法律案")
        assert "第三章　財産の凍結等の措置" in b.md["ja"]


def test_defect_26_captions_cover_every_paragraph(bill):
    assert bill.caption("delisting-request") == "指定の解除の申出等"
    assert bill.caption("exemptions") == "適用除外等"


def test_defect_27_proceeds_moved_out_of_the_officials_state(bill):
    item = bill.text("corruption-proceeds")
    assert "外国へ移転" not in item
    assert "当該外国公務員等に係る国若しくは地域の外へ移転し、又は" in item


def test_defect_28_no_minister_without_a_role_is_consulted(bill):
    assert "経済産業大臣" not in bill.md["ja"]


def test_defect_29_committee_acts_by_resolution_and_report_has_an_addressee(bill):
    assert "その議決により" in bill.text("committee-request-power")
    assert (
        "（当該委員会が存しない場合にあっては、当該委員会が置かれていた議院の議長）"
        in bill.text("committee-request-answer")
    )


def test_defect_30_duty_to_cooperate_yields_to_special_circumstances(bill):
    assert "特別の事情がある場合を除き、これに応じなければならない" in bill.text(
        "cooperation-agencies"
    )


def test_defect_31_victim_support_is_domestic(bill):
    s = bill.text("victims-support")
    assert s.startswith("国は、本邦に在留する")
    assert "（本邦に在留する者を含む。）" not in s


# --- 2. English ----------------------------------------------------------------------------

WORDED_NUMBERS = re.compile(
    r"\b(one|two|three|five|six|seven|ten) (years?|months?|days|weeks)\b"
    r"|\b(million|hundred million) yen\b"
)


def test_defect_33_arabic_numerals_in_periods_and_amounts(bill, hr):
    for b in (bill, hr):
        assert not WORDED_NUMBERS.search(b.md["en"]), WORDED_NUMBERS.search(b.md["en"])
    en = bill.md["en"]
    for words in ("5 years", "3,000,000 yen", "100,000,000 yen", "6 months", "1 year", "10 days"):
        assert words in en, words
    assert "7 years" in en and "2 weeks" in en and "3 years" in en


def test_defect_34_kyoka_is_permission_throughout(bill, hr):
    for b in (bill, hr):
        assert not re.search(r"licen[cs]e", b.md["en"], re.I)
    assert "### (Permission)" in bill.md["en"]


def test_defect_35_to_in_headings_is_etc(bill):
    en = bill.md["en"]
    for heading in (
        "Chapter II Designation, etc.",
        "Chapter IV Refusal of Landing, etc.",
        "(Submission of Written Opinions, etc.)",
        "(Reports to the Diet, etc.)",
        "(Support for Victims, etc.)",
        "(Delegation of Authority, etc.)",
        "(Suspension of the Issuance of Visas, etc.)",
    ):
        assert heading in en, heading


def test_defect_36_purpose_contributes_to_every_limb(bill):
    p = bill.text("purpose.1", "en")
    assert "to contribute to preventing and deterring sanctionable conduct and holding" in p


def test_defect_37_strength_of_each_duty(bill):
    assert bill.text("principles-targeted", "en").startswith(
        "The measures under this Act must be taken"
    )
    c = bill.text("coordination-partners", "en")
    assert "must endeavor to cooperate closely" in c and "must endeavor to promote" not in c


def test_defect_38_definition_in_the_plural(bill):
    assert bill.text("def-specified-conduct", "en").endswith(
        "means specified human rights violations and serious corruption."
    )


def test_defect_39_english_references_grouped_as_jlt_writes_them(bill):
    en = bill.md["en"]
    n4 = bill.number("designation", "en")
    n6 = bill.number("notice", "en").removeprefix("Article ")
    n7 = bill.number("observations", "en").removeprefix("Article ")
    assert f"{n4}, paragraphs (2) and (3), and Articles {n6} and {n7} apply" in en
    r18 = bill.number("exemptions", "en")
    r19 = bill.number("reporting", "en")
    assert f"{r18}, paragraph (2) or {r19}, paragraph (2) or (3)" in en
    assert "under paragraph (5) of that Article" in bill.text("observations-submit", "en")
    assert "set forth in the items of the following paragraph" in bill.text(
        "designation-power", "en"
    )


def test_defect_40_small_departures_from_the_japanese(bill):
    assert "is to review" not in bill.text("validity-review", "en")
    died = bill.items("revocation-duty", "en")[3]
    assert "in the case of a corporation" not in died
    second = bill.items("dual-liability-rule", "en")[1]
    assert second.startswith("the preceding Article: ")


# --- 3. The hr-only variant ---------------------------------------------------------------


def test_defect_41_hr_variant_inherits_every_fix(hr):
    assert "延長されたものを含み" not in hr.text("def-designated-person")
    assert "ただし、附則" in hr.text("commencement-date")
    assert "以下この条において「意見書」" not in hr.md["ja"]
    assert "「同時に」とあるのは" in hr.text("observations-apa-reasons")
    assert "第二条第十四項に規定する暗号資産" in hr.text("def-regulated-property")
    assert "法務大臣の確認" in hr.text("coordination-confirmation")
    n4 = hr.number("designation")
    assert hr.text("validity-procedure").startswith(f"{n4}第二項及び第三項、")
    assert "同条第六項" in hr.text("reporting-screening")
    assert "この場合において、法務大臣は、" in hr.text("entry-refusal-special")


def test_defect_43_hr_visa_authority_is_notified(hr):
    assert "その旨を法務大臣及び外務大臣に通知しなければならない" in hr.text("entry-refusal-notify")


def test_defect_44_hr_conduct_in_the_plural(hr):
    en = hr.md["en"]
    assert "to contribute to preventing and deterring specified human rights violations" in en
    bare = re.compile(
        r"(deter|involved in|victim of|vulnerable to) specified human rights violation\b"
    )
    assert not bare.search(en), bare.search(en)
