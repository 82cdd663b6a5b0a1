"""Each field of a cached provision is checked as strictly as before the reader was made
faster: a key given as null, a wrong type or a wrong shape is a miss, and a good tree reads
back equal to the one written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from clausewise.compare.corpus import cache
from clausewise.drafts.model import Document, Provision, SourceRef

GOOD = {
    "kind": "article",
    "label": "a1",
    "number": {"en": "1"},
    "caption": {"en": "Heading"},
    "text": {"en": "Text."},
    "elements": ["sanctions.designation"],
    "citation": "art. 1",
    "source": ["law.xml", 3],
    "children": [{"kind": "paragraph", "label": "a1.p1", "text": {"en": "One."}}],
}


def _entry(prov: dict) -> bytes:
    return json.dumps({"format": cache.FORMAT, "id": "x", "provisions": [prov]}).encode()


def test_a_tree_reads_back_equal(tmp_path: Path):
    child = Provision("paragraph", "a1.p1", text={"en": "One."})
    prov = Provision(
        "article",
        "a1",
        {"en": "1"},
        {"en": "Heading"},
        {"en": "Text."},
        ["sanctions.designation"],
        [child],
        "art. 1",
        SourceRef("law.xml", 3),
    )
    doc = Document(id="x", title={"en": "X"}, provisions=[prov], meta={})
    back, _ = cache.from_json(cache.to_json(doc, None, tmp_path), tmp_path)
    assert back.provisions == [prov]
    assert cache.from_json(_entry(GOOD), tmp_path)[0].provisions == [prov]


def test_absent_optional_keys_are_empty(tmp_path: Path):
    (p,) = cache.from_json(_entry({"kind": "point", "label": "b"}), tmp_path)[0].provisions
    assert (p.number, p.caption, p.text, p.elements, p.children) == ({}, None, {}, [], [])
    assert p.citation is None and p.source is None


@pytest.mark.parametrize(
    "field, value",
    [
        ("kind", None),
        ("kind", 3),
        ("label", ["a"]),
        ("number", None),
        ("number", {"en": 1}),
        ("caption", "Heading"),
        ("text", None),
        ("text", {"en": None}),
        ("elements", None),
        ("elements", "sanctions"),
        ("elements", ["a", 2]),
        ("children", None),
        ("children", {"kind": "x"}),
        ("children", ["not a provision"]),
        ("citation", 5),
        ("source", ["law.xml"]),
        ("source", ["law.xml", "3"]),
        ("source", [None, 3]),
    ],
)
def test_a_wrong_field_is_refused(tmp_path: Path, field: str, value):
    with pytest.raises(cache._Invalid):
        cache.from_json(_entry({**GOOD, field: value}), tmp_path)
