"""Property-based tests (hypothesis).

- A diff, applied as a patch to the old text, gives the new text, for arbitrary Japanese and
  English strings (compare/textdiff.py), and diff-match-patch's own patches made from it do
  the same.
- A bill file with any valid options (drawn from templates/jp-magnitsky/options.yaml) builds
  and passes `clausewise check`.
- Random bytes as XML give a InputFileError naming the file (CLI: one line, exit 2), never a
  traceback.
Kanji numerals 1–99,999 round-trip in tests/drafts/test_numbering.py; random bytes as bill files and
templates are in tests/drafts/test_hostile.py.
"""

from __future__ import annotations

import yaml
from clausewise.compare.corpus.importers import import_file
from clausewise.compare.review.textdiff import DELETE, EQUAL, INSERT, diff_text
from clausewise.drafts.errors import InputFileError
from diff_match_patch import diff_match_patch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.helpers import REPO, copy_default, run_cli

# --- diff then patch -----------------------------------------------------------------------

KANA = [chr(c) for c in range(0x3041, 0x3097)]
KANJI = list("指定外国人等財産凍結措置法律条項号大臣政府国会行為重大人権侵害腐敗第一二三四五十百")
PUNCT = list("、。「」（）・　０１２３")
JA_CHARS = st.sampled_from(KANA + KANJI + PUNCT)
EN_TEXT = (
    "the Minister may designate a person who is involved in serious corruption or human "
    "rights violations , ; ( ) Article 5 paragraph (2) item (iii) shall must not"
)
EN_WORDS = st.sampled_from(EN_TEXT.split())
japanese = st.lists(JA_CHARS, max_size=120).map("".join)
english = st.lists(EN_WORDS, max_size=60).map(" ".join)
anything = st.text(max_size=80)  # any Unicode, Latin and CJK mixed, control characters


@st.composite
def edited(draw, base):
    """A text and an edited version of it: the usual case, a few changes in a long text."""
    old = draw(base)
    new = old
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(new)))
        j = draw(st.integers(i, min(len(new), i + 10)))
        new = new[:i] + draw(base)[:12] + new[j:]
    return old, new


def patch(old: str, ops) -> str:
    """Apply the ops to old: equal and delete must be found where they say, in order."""
    out, at = [], 0
    for op, text in ops:
        if op in (EQUAL, DELETE):
            assert old.startswith(text, at), (op, text, old[at:])
            at += len(text)
            if op == EQUAL:
                out.append(text)
        else:
            assert op == INSERT
            out.append(text)
    assert at == len(old)
    return "".join(out)


def _check_round_trip(old: str, new: str, lang: str) -> None:
    ops = diff_text(old, new, lang)
    assert patch(old, ops) == new
    assert all(text for _, text in ops)  # no empty operations
    # diff-match-patch's own patches, made from our operations, restore the new text too.
    dmp = diff_match_patch()
    codes = {EQUAL: 0, INSERT: 1, DELETE: -1}
    patches = dmp.patch_make(old, [(codes[op], text) for op, text in ops])
    result, applied = dmp.patch_apply(patches, old)
    assert all(applied) and result == new


@settings(max_examples=150, deadline=None)
@given(st.one_of(edited(japanese), st.tuples(japanese, japanese)))
def test_diff_then_patch_japanese(pair):
    _check_round_trip(*pair, "ja")


@settings(max_examples=150, deadline=None)
@given(st.one_of(edited(english), st.tuples(english, english)))
def test_diff_then_patch_english(pair):
    _check_round_trip(*pair, "en")


@settings(max_examples=150, deadline=None)
@given(st.one_of(edited(anything), st.tuples(anything, anything)), st.sampled_from(["ja", "en"]))
def test_diff_then_patch_any_text(pair, lang):
    _check_round_trip(*pair, lang)


# --- any valid options build and pass check --------------------------------------------------

SCHEMA = yaml.safe_load(
    (REPO / "templates" / "jp-magnitsky" / "options.yaml").read_text(encoding="utf-8")
)


def _value(spec: dict):
    kind = spec["type"]
    if kind == "set":
        least = spec.get("min", 0)
        return st.lists(st.sampled_from(spec["choices"]), unique=True, min_size=least).map(
            lambda v: sorted(v, key=spec["choices"].index)
        )
    if kind == "choice":
        return st.sampled_from(spec["choices"])
    if kind == "bool":
        return st.booleans()
    value = st.integers(spec["min"], spec["max"])
    return st.one_of(st.none(), value) if spec.get("nullable") else value


OPTIONS = st.fixed_dictionaries({name: _value(spec) for name, spec in SCHEMA.items()})


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(OPTIONS)
def test_any_valid_options_build_and_pass_check(tmp_path_factory, options):
    root = tmp_path_factory.mktemp("opts")
    bill = copy_default(root)
    data = yaml.safe_load(bill.read_text(encoding="utf-8"))
    data["options"] = options
    bill.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    built = run_cli("build", bill, "-o", root / "out", "--format", "docx,json")
    assert built.exit_code == 0, (options, built.output)
    checked = run_cli("check", bill)
    assert checked.exit_code == 0, (options, checked.output)


def test_an_empty_required_set_is_an_input_error(tmp_path):
    """grounds and measures take at least one value (options.yaml `min: 1`)."""
    bill = copy_default(tmp_path)
    text = bill.read_text(encoding="utf-8")
    bill.write_text(
        text.replace(
            "  measures: [asset_freeze, making_available, entry_refusal]", "  measures: []"
        ),
        encoding="utf-8",
    )
    r = run_cli("build", bill, "-o", tmp_path / "out", "--format", "json")
    assert r.exit_code == 2 and "option 'measures': choose at least 1" in r.output, r.output


# --- random bytes as XML ---------------------------------------------------------------------


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.binary(max_size=400),
        # Bytes after a plausible start, so that the parser gets past the first byte.
        st.binary(max_size=300).map(lambda b: b"<?xml version='1.0'?>\n<Statute>" + b),
        st.binary(max_size=300).map(
            lambda b: (
                b'<Legislation xmlns="http://www.legislation.gov.uk/namespaces/legislation">' + b
            )
        ),
    ),
    st.sampled_from(["auto", "clml", "justice_canada_xml"]),
)
def test_random_bytes_as_xml(tmp_path, blob, fmt):
    path = tmp_path / "law.xml"
    path.write_bytes(blob)
    try:
        import_file(path, fmt=fmt)
    except InputFileError as exc:
        assert str(exc).startswith(str(path)), str(exc)
    # A parse that succeeds (well-formed by chance) is fine: no other exception may escape.


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(min_size=1, max_size=300))
def test_random_bytes_as_xml_through_the_cli(tmp_path_factory, blob):
    assume(blob.strip())
    root = tmp_path_factory.mktemp("xml")
    path = root / "law.xml"
    path.write_bytes(b"<?xml version='1.0'?>\n<Statute>" + blob)
    r = run_cli(
        "corpus",
        "import",
        path,
        "--id",
        "xa-random",
        "--jurisdiction",
        "xa",
        "--title",
        "Random",
        "--corpus",
        root / "corpus",
        "--format",
        "auto",
    )
    assert r.exit_code in (0, 2), r.output
    if r.exit_code == 2:
        assert r.output.startswith("clausewise: ") and "Traceback" not in r.output, r.output
        assert str(path) in r.output
