"""The element taxonomy: the 25 fixed keys, bilingual data, and key validation."""

from __future__ import annotations

import pytest
from clausewise.drafts.taxonomy import (
    TOP_KEYS,
    Element,
    is_valid_key,
    jurisdictions,
    load_taxonomy,
    top_key,
)

# Written out again on purpose: DESIGN.md fixes these keys and their order, and a test that
# read them from the module would follow an accidental edit of it.
DESIGN_KEYS = (
    "purpose",
    "definitions",
    "grounds.human_rights",
    "grounds.corruption",
    "targets",
    "involvement",
    "designation.authority",
    "designation.standard",
    "designation.publication",
    "designation.input",
    "measures.asset_freeze",
    "measures.making_available",
    "measures.travel_ban",
    "measures.other",
    "exceptions",
    "obligations.reporting",
    "review.delisting",
    "review.periodic",
    "review.judicial",
    "oversight.parliament",
    "coordination",
    "enforcement.offences",
    "enforcement.powers",
    "administration",
    "final",
)


def test_exactly_the_25_design_keys_in_order() -> None:
    assert TOP_KEYS == DESIGN_KEYS
    assert len(TOP_KEYS) == 25
    tax = load_taxonomy()
    assert [k for k, e in tax.items() if e.parent is None] == list(DESIGN_KEYS)


@pytest.mark.parametrize("key", DESIGN_KEYS)
def test_top_element_is_bilingual(key: str) -> None:
    el = load_taxonomy()[key]
    assert isinstance(el, Element)
    for lang in ("en", "ja"):
        assert el.label[lang].strip()
        assert el.definition[lang].strip()
        assert el.signals[lang], f"{key}: no {lang} signals"
        assert all(isinstance(s, str) and s.strip() == s and s for s in el.signals[lang])


def test_subkeys_hang_below_their_top_key() -> None:
    tax = load_taxonomy()
    subs = {k: e for k, e in tax.items() if e.parent is not None}
    assert "grounds.human_rights.torture" in subs
    assert "measures.other.trust_services" in subs
    assert "measures.other.director_disqualification" in subs
    for key, el in subs.items():
        assert el.parent in tax
        assert key.startswith(el.parent + ".")
        assert top_key(key) in TOP_KEYS
        assert el.label["en"] and el.label["ja"]
        assert el.signals.get("en") or el.signals.get("ja")


def test_signals_cover_the_characteristic_phrases() -> None:
    tax = load_taxonomy()

    def en(key: str) -> set[str]:
        return {s.lower() for s in tax[key].signals["en"]}

    def ja(key: str) -> set[str]:
        return set(tax[key].signals["ja"])

    assert "reasonable grounds to suspect" in en("designation.standard")
    assert "疑うに足りる相当な理由" in ja("designation.standard")
    assert {"freeze", "funds or economic resources"} <= en("measures.asset_freeze")
    assert "凍結" in ja("measures.asset_freeze")
    assert "make available" in en("measures.making_available")
    assert {"leave to enter", "inadmissible"} <= en("measures.travel_ban")
    assert "上陸" in ja("measures.travel_ban")
    assert {"licence", "permit"} <= en("exceptions")
    assert "許可" in ja("exceptions")
    assert "revoke the designation" in en("review.delisting")
    assert "指定の解除" in ja("review.delisting")
    assert {"report to parliament", "laid before parliament"} <= en("oversight.parliament")
    assert "国会に報告" in ja("oversight.parliament")
    assert {"guilty of an offence", "on summary conviction"} <= en("enforcement.offences")
    assert {"拘禁刑", "罰金"} <= ja("enforcement.offences")
    assert {"comes into force", "may be cited as"} <= en("final")
    assert "施行" in ja("final")


def test_loading_is_cached() -> None:
    assert load_taxonomy() is load_taxonomy()


def test_jurisdictions() -> None:
    j = jurisdictions()
    assert set(j) == {"uk", "eu", "ca", "jp", "draft"}
    assert all(names["en"] and names["ja"] for names in j.values())


@pytest.mark.parametrize(
    "key",
    [
        "purpose",
        "final",
        "designation.authority",
        "grounds.human_rights.torture",
        "designation.authority.consultation",  # declared
        "administration.territorial_scope",  # not declared: sub-keys may be added freely
        "grounds.human_rights.freedoms.press",
    ],
)
def test_valid_keys(key: str) -> None:
    assert is_valid_key(key)


@pytest.mark.parametrize(
    "key",
    [
        "",
        "designation",
        "grounds",
        "review",
        "unknown",
        "Purpose",
        "purpose.",
        "purpose..x",
        ".purpose",
        "designation.authority.Consultation",
        "measures.asset freeze",
        "measures.asset_freeze.with space",
    ],
)
def test_invalid_keys(key: str) -> None:
    assert not is_valid_key(key)


@pytest.mark.parametrize(
    ("key", "top"),
    [
        ("grounds.human_rights.torture", "grounds.human_rights"),
        ("designation.authority.consultation", "designation.authority"),
        ("designation.authority", "designation.authority"),
        ("measures.other.trust_services", "measures.other"),
        ("final.sunset", "final"),
    ],
)
def test_top_key(key: str, top: str) -> None:
    assert top_key(key) == top


@pytest.mark.parametrize("key", ["designation", "nonsense.key", "grounds.human"])
def test_top_key_rejects_unknown(key: str) -> None:
    with pytest.raises(KeyError):
        top_key(key)
