"""The policy options the first bill review added (templates/jp-magnitsky/options.yaml): the
reviewer's form is the default (tested in test_review1_defects.py); here each other choice
changes the text as its help says, and every article and reference still resolves."""

from __future__ import annotations

import pytest
import yaml
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.render import render_bill

from tests.helpers import REPO

BASE = yaml.safe_load((REPO / "drafts" / "jp-magnitsky.yaml").read_text(encoding="utf-8"))


def render_with(tmp_path, bill=BASE, **options):
    data = dict(bill)
    data["options"] = {**bill["options"], **options}
    data["templates"] = str(REPO / "templates" / "jp-magnitsky")
    path = tmp_path / f"bill-{len(list(tmp_path.iterdir()))}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return render_bill(load_bill(str(path)))


def _ja(doc, label):
    return doc.find(label).all_text("ja")


def test_apa_reasons_exclude_drops_the_special_rule(tmp_path):
    doc = render_with(tmp_path, apa_reasons="exclude")
    assert doc.find("observations-apa-reasons") is None
    assert "第三章（第十二条を除く。）の規定は、適用しない" in _ja(doc, "observations-apa")


def test_delisting_on_prosecution_choices(tmp_path):
    disc = render_with(tmp_path, delisting_on_prosecution="discretionary")
    assert "刑事上の責任" not in _ja(disc, "revocation-accountability")
    assert "刑事上の責任が追及されたこと" in _ja(disc, "revocation-discretion")
    charge = render_with(tmp_path, delisting_on_prosecution="charge")
    assert "刑事上の責任を問われ" in _ja(charge, "revocation-accountability")


def test_flat_corporate_fine(tmp_path):
    doc = render_with(tmp_path, corporate_fine_multiple=None)
    first = doc.find("dual-liability-rule").children[0].text["ja"]
    assert first.endswith("一億円以下の罰金刑") and "倍" not in first


@pytest.mark.parametrize(
    "option, labels",
    [
        ("freeze_controlled_entities", ["freeze-controlled", "offence-freeze-controlled"]),
        ("safe_harbour", ["safe-harbour"]),
        ("tipping_off", ["reporting-tipping-off"]),
        ("screening_orders", ["reporting-order"]),
        ("general_licences", ["licences-general"]),
        ("provisional_designation", ["provisional-designation"]),
        ("official_acts_exemption", ["exemptions-official"]),
    ],
)
def test_each_gap_clause_can_be_left_out(tmp_path, option, labels):
    on = render_with(tmp_path)
    off = render_with(tmp_path, **{option: False})
    for label in labels:
        assert on.find(label) is not None and off.find(label) is None, label
    if option == "screening_orders":
        items = off.find("offence-reporting").children[0].children
        assert not any("命令に違反した者" in i.text["ja"] for i in items)


def test_the_commencement_proviso_follows_the_preparation_article(tmp_path):
    data = dict(BASE)
    data["supplementary"] = [s for s in BASE["supplementary"] if s["label"] != "suppl-preparation"]
    doc = render_with(tmp_path, bill=data)
    assert "ただし" not in _ja(doc, "suppl-commencement")
