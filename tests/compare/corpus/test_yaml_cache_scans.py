"""The byte scans that answer compare.corpus.yamlcache's checks of a cached entry before
its patterns run: the same answer as the pattern on every text."""

from __future__ import annotations

from clausewise.compare.corpus import yamlcache
from hypothesis import given
from hypothesis import strategies as st

_PIECES = st.sampled_from(["[", ",", ":", "-", "1", "0" * 18, "9" * 19, "١٢", "a", "\xa0", "条"])


@given(st.lists(st.one_of(st.text(), _PIECES), max_size=12))
def test_a_long_number_is_found_as_the_pattern_finds_it(pieces):
    text = "".join(pieces)
    expected = yamlcache._LONG_INT.search(text) is not None
    assert yamlcache._long_number(text.encode("utf-8"), text) is expected


def test_a_long_run_of_digits_in_a_string_is_still_left_to_the_pattern():
    quoted = '{"a":"' + "1" * 30 + '"}'
    assert not yamlcache._long_number(quoted.encode(), quoted)
    assert yamlcache._long_number(b'{"a":' + b"1" * 19 + b"}", '{"a":' + "1" * 19 + "}")
