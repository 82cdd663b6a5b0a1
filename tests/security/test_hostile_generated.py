"""Generated hostile YAML: aliases, deep nesting and control characters, in any mix.

Whatever hypothesis builds, the reader either returns data or refuses with a ClausewiseError
naming the file; a text with an alias is always refused, and so is one nested too deep.
"""

from __future__ import annotations

from clausewise.drafts import limits
from clausewise.drafts.errors import ClausewiseError
from clausewise.drafts.yamlsource import parse_yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import copy_mini, run_cli

CONTROL = st.sampled_from(
    ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "\ue000"]
)
ESCAPES = st.sampled_from(["\\0", "\\a", "\\x1b", "\\ud800", "\\udfff", "\\N", "\\e", "\\u0000"])
WORD = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8)


@st.composite
def scalars(draw) -> str:
    kind = draw(st.sampled_from(["word", "control", "escape", "int", "quoted"]))
    if kind == "word":
        return draw(st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True))
    if kind == "control":
        return "x" + draw(CONTROL) + "y"
    if kind == "escape":
        return '"' + draw(ESCAPES) + '"'
    if kind == "int":
        return draw(st.sampled_from(["1", "-0", "0x1f", "1_000", "9" * 30, "9" * 5000, ".inf"]))
    return '"' + draw(WORD).replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def documents(draw) -> tuple[str, bool, int]:
    """(YAML text, whether it holds an alias, its flow nesting depth)."""
    lines, alias = [], False
    anchors: list[str] = []
    depth = 0
    for i in range(draw(st.integers(1, 6))):
        form = draw(st.sampled_from(["scalar", "anchor", "alias", "deep", "merge", "tag"]))
        key = f"k{i}"
        if form == "scalar":
            lines.append(f"{key}: {draw(scalars())}")
        elif form == "anchor":
            name = f"a{i}"
            anchors.append(name)
            lines.append(f"{key}: &{name} [{draw(scalars())}, {draw(scalars())}]")
            alias = True  # an anchor is refused as an alias is
        elif form == "alias" and anchors:
            refs = ", ".join(f"*{draw(st.sampled_from(anchors))}" for _ in range(9))
            lines.append(f"{key}: [{refs}]")
            alias = True
        elif form == "deep":
            n = draw(st.sampled_from([1, 10, 99, 101, 1000, 20000]))
            depth = max(depth, n)
            lines.append(f"{key}: " + "[" * n + "]" * n)
        elif form == "merge" and anchors:
            lines.append(f"{key}: {{<<: *{anchors[0]}}}")
            alias = True
        elif form == "tag":
            tag = draw(st.sampled_from(["!!python/name:os.system", "!!binary", "!!set", "!x"]))
            lines.append(f"{key}: {tag} {draw(scalars())}")
    return "\n".join(lines) + "\n", alias, depth


@settings(max_examples=300, deadline=None)
@given(documents())
def test_reader_refuses_or_reads_never_crashes(doc):
    text, has_alias, depth = doc
    try:
        parsed = parse_yaml(text, "gen.yaml")
    except ClausewiseError as exc:
        assert exc.file == "gen.yaml"
        return
    assert not has_alias, text
    assert depth <= limits.MAX_DEPTH - 1, depth

    def strings(value):
        if isinstance(value, dict):
            for k, v in value.items():
                yield from strings(k)
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value
        elif isinstance(value, int) and not isinstance(value, bool):
            assert abs(value) < 10**limits.MAX_INT_DIGITS

    for s in strings(parsed.data):
        assert limits.bad_char(s) is None, repr(s)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(documents())
def test_generated_keys_in_a_bill_exit_0_or_2(tmp_path_factory, doc):
    text, _, _ = doc
    bill = copy_mini(tmp_path_factory.mktemp("gen"))
    # As extra top-level keys: refused as unknown keys if the reader lets them through.
    body = bill.read_text(encoding="utf-8") + "\n" + text
    bill.write_text(body, encoding="utf-8", errors="surrogatepass")
    result = run_cli("build", bill, "-o", bill.parent / "out", "--format", "json")
    if not text.strip():
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("clausewise: ") and "bill.yaml" in result.stderr
