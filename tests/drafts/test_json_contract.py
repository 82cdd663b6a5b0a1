"""The JSON contract both ways (drafts/jsoncontract.py): a document comes back equal from
its JSON, for generated documents and for the shipped bill."""

from __future__ import annotations

import json

import pytest
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.errors import BillError
from clausewise.drafts.jsoncontract import from_dict, read_json, to_dict
from clausewise.drafts.model import DRAFT_KINDS, Document, Provision
from clausewise.drafts.render import render_bill
from clausewise.drafts.writers import render
from hypothesis import given, settings
from hypothesis import strategies as st

text = st.text(max_size=30)  # any Unicode, control characters and line breaks included
both = st.fixed_dictionaries({"ja": text, "en": text})
label = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12)
element = st.lists(
    st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8), min_size=1, max_size=3
).map(".".join)


def provisions(depth: int):
    children = st.just([]) if depth == 0 else st.lists(provisions(depth - 1), max_size=3)
    return st.builds(
        Provision,
        kind=st.sampled_from(DRAFT_KINDS),
        label=label,
        number=both,
        caption=st.none() | both,
        text=both,
        elements=st.lists(element, max_size=3),
        children=children,
    )


json_scalar = st.none() | st.booleans() | st.integers(-1000, 1000) | text
options = st.dictionaries(
    label, json_scalar | st.lists(json_scalar, max_size=3) | st.dictionaries(label, json_scalar)
)
documents = st.builds(
    Document,
    id=label,
    title=both,
    provisions=st.lists(provisions(2), max_size=4),
    meta=options.map(lambda o: {"options": o}),
)


@settings(max_examples=100, deadline=None)
@given(documents)
def test_from_dict_of_to_dict_is_the_document(doc):
    assert from_dict(to_dict(doc), "x.json") == doc


@settings(max_examples=50, deadline=None)
@given(documents)
def test_the_json_writer_round_trips(doc):
    """Through the bytes `clausewise build --format json` writes."""
    assert from_dict(json.loads(render(doc, "json", "both")), "x.json") == doc


def test_the_shipped_bill_round_trips(tmp_path):
    doc = render_bill(load_bill("jp-magnitsky"))
    path = tmp_path / "bill.json"
    path.write_bytes(render(doc, "json", "both"))
    back = read_json(path, "bill.json")
    assert to_dict(back) == to_dict(doc)
    assert [p.label for p in back.walk()] == [p.label for p in doc.walk()]
    assert back.meta["options"] == doc.meta["options"]


def _nested(depth: int) -> dict:
    node: dict = {"kind": "item", "label": "x"}
    for _ in range(depth):
        node = {"kind": "item", "label": "x", "children": [node]}
    return node


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "not a built bill"),
        ({"provisions": [{"kind": "article"}]}, "needs a 'kind' and a 'label'"),
        (
            {"provisions": [{"kind": "article", "label": "a", "children": {}}]},
            "'children' must be a list",
        ),
        (
            {"provisions": [{"kind": "article", "label": "a", "text": {"ja": 1}}]},
            "provisions > a: 'text' must map languages to text",
        ),
        (
            {"provisions": [{"kind": "article", "label": "a", "elements": "purpose"}]},
            "'elements' must be a list",
        ),
        ({"provisions": [], "options": [1]}, "'options' must be a mapping"),
        ({"provisions": [], "bill": 5}, "'bill' must be the bill's id"),
        ({"provisions": [{"kind": "clause", "label": "a"}]}, "'clause' is not a kind"),
        ({"provisions": [_nested(25)]}, "nested more than 20 levels"),
    ],
)
def test_a_malformed_document_is_a_bill_error_naming_the_file(data, message):
    with pytest.raises(BillError, match=message) as caught:
        from_dict(data, "old.json")
    assert caught.value.file == "old.json"


def test_unreadable_json_names_file_and_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{\n  "bill": "x",\n  "provisions": [,]\n}', encoding="utf-8")
    with pytest.raises(BillError) as caught:
        read_json(path, "bad.json")
    assert (caught.value.file, caught.value.line) == ("bad.json", 3)
