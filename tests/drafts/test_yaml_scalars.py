"""drafts.yamlsource takes a string scalar's text as it is, without a node or a
constructor, and looks for forbidden characters only in double-quoted ones (the rest of
the text was searched whole): every value still reads as PyYAML's safe loader reads it,
and an escape that makes a forbidden character is still refused, in every style."""

from __future__ import annotations

import datetime

import pytest
import yaml
from clausewise.drafts.errors import BillError
from clausewise.drafts.yamlsource import parse_yaml
from hypothesis import given
from hypothesis import strategies as st

_TEXT = st.one_of(
    st.text(alphabet=st.sampled_from(list("ab 1:-#'\"\\\n条。、")), max_size=12),
    st.sampled_from(["true", "null", "0x1F", "1e3", "~", "2024-01-01", "yes", ""]),
)
_SCALARS = st.one_of(
    _TEXT,
    st.integers(-(10**17), 10**17),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.dates(min_value=datetime.date(1900, 1, 1)),
)
_DATA = st.dictionaries(
    st.from_regex(r"[a-z]{1,6}", fullmatch=True),
    st.one_of(_SCALARS, st.lists(_SCALARS, max_size=4)),
    max_size=6,
)


@given(_DATA, st.sampled_from([None, "'", '"', "|", ">"]))
def test_values_read_as_the_safe_loader_reads_them(data, style):
    text = yaml.safe_dump(data, default_style=style, allow_unicode=True)
    assert parse_yaml(text, "t.yaml").data == yaml.safe_load(text)


@pytest.mark.parametrize(
    "text",
    ['a: "x\\0y"\n', 'a: ["ok", "\\e"]\n', 'a: "\\ue000"\n', 'a: !!str "\\x85"\n'],
)
def test_an_escape_that_makes_a_forbidden_character_is_refused(text):
    with pytest.raises(BillError, match="is not allowed in input"):
        parse_yaml(text, "t.yaml")


def test_plain_and_single_quoted_strings_are_their_text():
    doc = parse_yaml("a: plain 条\nb: 'it''s'\nc: |\n  two\n  lines\nd: ''\n", "t.yaml")
    assert doc.data == {"a": "plain 条", "b": "it's", "c": "two\nlines\n", "d": ""}
    assert doc.lines[("c",)] == 3
