"""Every element key the shipped bill and the shipped maps use is declared in the taxonomy,
so that reports take its label (ja/en) from taxonomy.yaml rather than show a raw dotted key."""

from __future__ import annotations

from clausewise.compare.corpus.maps import load_map, shipped_maps
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.render import render_bill
from clausewise.drafts.taxonomy import load_taxonomy


def test_the_default_bill_uses_only_declared_keys() -> None:
    tax = load_taxonomy()
    doc = render_bill(load_bill("jp-magnitsky"))
    used = {k for art in doc.articles() for d in art.walk() for k in d.elements}
    assert "grounds.human_rights.freedoms.assembly" in used
    assert sorted(used - tax.keys()) == []


def test_the_three_freedoms_are_declared_below_freedoms() -> None:
    tax = load_taxonomy()
    for sub in ("assembly", "expression", "religion"):
        el = tax[f"grounds.human_rights.freedoms.{sub}"]
        assert el.parent == "grounds.human_rights.freedoms"
        assert el.label["ja"] and el.label["en"] and el.label["ja"] != el.label["en"]


def test_the_shipped_maps_use_only_declared_keys() -> None:
    tax = load_taxonomy()
    for inst_id, path in sorted(shipped_maps().items()):
        m = load_map(path)
        for e in m.entries:
            keys = set(e.elements) | {k for pin in e.pinpoints for k in pin.elements}
            assert sorted(keys - tax.keys()) == [], f"{inst_id} {e.label}"
