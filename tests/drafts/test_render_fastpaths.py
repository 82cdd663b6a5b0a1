"""The shortcuts that make rendering a long bill cheaper give what the long way gave: file
reads sized by fstat, the forbidden-character test on bytes, template lines found in the
loader's copy of the source, call sites kept per unit, the helpers called past Jinja's
wrapper (macros too), plain template globals, the loader's containment test on strings, the
element lists split without a regex."""

import os
import re
from pathlib import Path

import jinja2
import jinja2.sandbox
import pytest
from clausewise.drafts import kanji, limits, numbering, sandbox
from clausewise.drafts.billfile import load_bill
from clausewise.drafts.errors import BillError, UnresolvedReference
from clausewise.drafts.markup import _split_elements, parse_article
from clausewise.drafts.render import TOKEN_RE, _line_finder, render_bill
from hypothesis import given
from hypothesis import strategies as st

from tests.helpers import copy_mini


@pytest.mark.parametrize("size", [0, 1, 999, 1000, 1001, 5000])
@pytest.mark.parametrize("hint", ["true", "smaller", "larger"])
def test_read_at_most_gives_what_a_buffered_read_gives(tmp_path, size, hint):
    path = tmp_path / "f"
    path.write_bytes(bytes(i % 251 for i in range(size)))
    limit = 1000
    # A wrong size stands for a file that grew or shrank between fstat and read.
    size_hint = {"true": size, "smaller": max(size - 700, 0), "larger": size + 700}[hint]
    fd = os.open(path, os.O_RDONLY)
    try:
        got = limits.read_at_most(fd, limit, size_hint)
    finally:
        os.close(fd)
    with open(path, "rb") as fh:
        assert got == fh.read(limit + 1)


_FORBIDDEN = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]]
_FORBIDDEN += [chr(c) for c in range(0x7F, 0xA0)] + ["\ue000", "\ue001"]
_NEAR = ["\t", "\n", "\r", "\xa0", "\u00c2", "\u00ee", "\ue002", "条", "\u2028"]


@given(st.lists(st.one_of(st.text(), st.sampled_from(_FORBIDDEN + _NEAR)), max_size=8))
def test_bad_char_on_bytes_finds_what_the_character_search_finds(pieces):
    text = "".join(pieces)
    fast = limits.bad_char_utf8(text.encode("utf-8"), text)
    slow = limits.bad_char(text)
    assert (fast and (fast.start(), fast.group())) == (slow and (slow.start(), slow.group()))


def _line_scan(source: str, rendered: str):
    """How the renderer found a template line before: line by line."""
    probe = TOKEN_RE.sub("", rendered).strip()[:20]
    for i, s in enumerate(source.splitlines(), 1):
        if probe and probe in s:
            return i
    return None


_LINE = st.text(alphabet=st.sampled_from("ab条 \t{}"), max_size=12)
_BREAK = st.sampled_from(["\n", "\r\n", "\r", "\u2028"])


@given(st.lists(st.tuples(_LINE, _BREAK), max_size=8), st.data())
def test_template_line_found_in_the_whole_source_is_the_line_scan(lines, data):
    source = "".join(text + brk for text, brk in lines)
    rendered = data.draw(
        st.sampled_from([t for t, _ in lines] + ["\ue0000\ue001b", "", "zz"])
        if lines
        else st.just("a")
    )
    assert _line_finder(None, source)(rendered) == _line_scan(source, rendered)


def _mini_with(tmp_path, purpose: str, lib: str, newline="\n"):
    bill = copy_mini(tmp_path)
    tdir = bill.parent / "templates" / "mini"
    (tdir / "purpose.j2").write_bytes(purpose.replace("\n", newline).encode("utf-8"))
    (tdir / "_lib.j2").write_text(lib, encoding="utf-8")
    return bill, tdir


_LIB = '{# phrases #}\n{% macro who() %}{{ term("person") }}{% endmacro %}\n'
_PURPOSE = (
    "caption: 目的 | Purpose\n"
    "elements: purpose\n"
    '{% import "_lib.j2" as lib %}\n'
    "para\n"
    'ja: この法律は、{{ term("person") }}に関し{% for i in [1, 2] %}{{ lib.who() }}{% endfor %}'
    "必要な事項を定めるものとする。\n"
    'en: The purpose of this Act is to provide for {{ term("person") }}s,'
    '{% for i in [1, 2] %} {{ term("person") }}{% endfor %}.\n'
    "para label=second\n"
    'ja: {% for i in [1] %}{{ ref("designate") }}{% endfor %}の規定は、この法律の{{ kanji(2) }}。\n'
    "en: {% for i in [1] %}{{ ref('designate') }}{% endfor %} applies {{ yen_en(2) }}.\n"
)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_call_sites_and_source_lines_name_the_template_line(tmp_path, newline):
    bill, tdir = _mini_with(tmp_path, _PURPOSE, _LIB, newline)
    doc = render_bill(load_bill(str(bill)))
    purpose, lib = str(tdir / "purpose.j2"), str(tdir / "_lib.j2")
    uses = [(u["file"], u["line"]) for u in doc.meta["term_uses"] if u["file"] in (purpose, lib)]
    # A call in a loop, a macro's call from another template, each at its own line.
    assert uses == [(purpose, 5), (lib, 2), (lib, 2), (purpose, 6), (purpose, 6), (purpose, 6)]
    assert [p.source.line for p in doc.find("purpose").children] == [4, 7]
    assert doc.find("second").text["ja"].startswith("第三条の規定は、この法律の二。")
    assert doc.find("second").text["en"] == "Article 3 applies 2 yen."


def test_an_unresolved_reference_in_a_loop_names_its_line(tmp_path):
    bill, tdir = _mini_with(tmp_path, _PURPOSE.replace('ref("designate")', 'ref("nowhere")'), _LIB)
    with pytest.raises(UnresolvedReference) as err:
        render_bill(load_bill(str(bill)))
    assert (err.value.file, err.value.line, err.value.label) == (
        str(tdir / "purpose.j2"),
        8,
        "nowhere",
    )


def test_trusted_helpers_skip_nothing_for_other_callables():
    env = sandbox.sandboxed(undefined=jinja2.StrictUndefined)
    seen = []

    def helper(*args, **kwargs):
        seen.append((args, kwargs))
        return "ok"

    def marked():
        return "ran"

    marked.unsafe_callable = True
    env.globals.update(helper=helper, marked=marked)
    env.trust([helper])
    out = env.from_string("{% for i in [1, 2] %}{{ helper(i, k=i) }}{% endfor %}").render()
    # Jinja's loop variables are not passed on, as its context wrapper does not pass them.
    assert out == "okok" and seen == [((1,), {"k": 1}), ((2,), {"k": 2})]
    with pytest.raises(jinja2.exceptions.SecurityError):
        env.from_string("{{ marked() }}").render()
    with pytest.raises(jinja2.exceptions.SecurityError):
        env.from_string("{{ '{0.__class__}'.format(1) }}").render()

    def stops():
        raise StopIteration

    env.globals["stops"] = stops
    env.trust([stops])
    with pytest.raises(jinja2.UndefinedError, match="StopIteration"):
        env.from_string("{{ stops() }}").render()
    with pytest.raises(TypeError):
        env.trust([jinja2.pass_context(lambda ctx: "")])
    with pytest.raises(TypeError):
        env.trust([print])


def test_loader_refuses_a_real_path_beside_the_folder(tmp_path, monkeypatch):
    root = tmp_path / "tpl"
    root.mkdir()
    (root / "a.j2").write_text("x", encoding="utf-8")
    (tmp_path / "tpl2").mkdir()
    (tmp_path / "tpl2" / "a.j2").write_text("y", encoding="utf-8")
    loader = sandbox.FolderLoader(root)
    assert loader.get_source(None, "a.j2")[0] == "x"
    # Through a link to the folder, the folder's real path is what a template must lie in.
    (tmp_path / "via").symlink_to(root)
    assert sandbox.FolderLoader(tmp_path / "via").get_source(None, "a.j2")[0] == "x"
    # Were a path to resolve beside the folder (a folder whose name starts the same), it is
    # refused: the test is by path parts, not by string prefix.
    real, inside = os.path.realpath, str(root.resolve())
    monkeypatch.setattr(
        sandbox.os.path, "realpath", lambda p, **kw: real(p, **kw).replace(inside, inside + "2")
    )
    with pytest.raises(sandbox.UnsafeTemplate, match="outside"):
        loader.get_source(None, "a.j2")


@given(st.text(alphabet=st.sampled_from("ab.,_ \t\n\u3000\xa0\x1f\u2028条"), max_size=30))
def test_element_lists_split_as_the_regex_split_them(value):
    assert _split_elements(value) == [e for e in re.split(r"[\s,]+", value.strip()) if e]


def test_macros_and_final_globals_render_as_jinja_renders_them():
    source = (
        "{% macro wrap(x) %}<{{ x }}{{ caller() if caller else '' }}>{% endmacro %}"
        "{% for i in [1, 2] %}{{ wrap(i) }}{% endfor %}"
        "{% call wrap('c') %}!{% endcall %}{{ g }}"
    )
    plain = sandbox.sandboxed()
    plain.globals["g"] = "G"
    final = sandbox.sandboxed()
    final.globals["g"] = "G"
    final.finalise_globals()
    assert (
        final.from_string(source).render() == plain.from_string(source).render() == ("<1><2><c!>G")
    )
    # Template globals still overlay the environment's, and stay the template's own.
    t = final.from_string("{{ g }}", globals={"g": "T"})
    assert t.render() == "T" and final.globals["g"] == "G"


def test_loader_names_files_as_pathlib_names_them(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.j2").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for root in (".", "sub", str(tmp_path / "sub") + "/"):
        loader = sandbox.FolderLoader(root)
        name = "sub/a.j2" if root == "." else "a.j2"
        source, filename, uptodate = loader.get_source(None, name)
        assert (source, uptodate()) == ("x", True)
        assert filename == str(loader.resolve(name)) == str(Path(root) / name)


def test_text_lines_read_as_the_regex_read_them():
    text = (
        "para\nja:甲\u3000 \nen:\tone\n  more\nitem\n ja:  乙\n| 丙\nen: two\nsubitem\nja: x\nen:y"
    )
    article = parse_article(text, "a", "t.j2", lambda _: None)
    para = article.children[0]
    assert para.text == {"ja": "甲", "en": "one more"}
    assert para.children[0].text == {"ja": "乙\n丙", "en": "two"}
    assert para.children[0].children[0].text == {"ja": "x", "en": "y"}
    with pytest.raises(BillError, match="'ja:' text before any 'para'"):
        parse_article("ja: x", "a", "t.j2", lambda _: 3)
    with pytest.raises(BillError, match="a second 'en:'"):
        parse_article("para\nen: a\nen: b", "a", "t.j2", lambda _: 3)


def _bill_importing(tmp_path, lib: str, bodies: dict[str, str]):
    """The mini bill with articles whose templates import _lib.j2 with context."""
    bill = copy_mini(tmp_path)
    tdir = bill.parent / "templates" / "mini"
    (tdir / "_lib.j2").write_text(lib, encoding="utf-8")
    specs = ""
    for name, body in bodies.items():
        (tdir / f"{name}.j2").write_text(
            f'{body}{{% import "_lib.j2" as lib with context %}}\n'
            "caption: 見出し | Caption\npara\n"
            "ja: {{ lib.show() }}。\nen: {{ lib.show() }}.\n",
            encoding="utf-8",
        )
        specs += f"\n      - {{label: {name}, template: {name}}}"
    text = bill.read_text(encoding="utf-8")
    bill.write_text(
        text.replace(
            "      - {label: defs, template: defs}", "      - {label: defs, template: defs}" + specs
        ),
        encoding="utf-8",
    )
    return bill, tdir


def test_an_imported_library_sees_each_importers_own_values(tmp_path):
    lib = "{% set N = n %}{% macro show() %}{{ N }}/{{ n }}/{{ years }}{% endmacro %}"
    bodies = {
        "one": "{% set n = 1 %}",
        "again": "{% set n = 1 %}",
        "truth": "{% set n = True %}",
        "text": "{% set n = 'x' ~ years %}",
        "last": "{% set n = 1 %}",
    }
    bill, _ = _bill_importing(tmp_path, lib, bodies)
    doc = render_bill(load_bill(str(bill)))
    shown = {name: doc.find(f"{name}.1").text["en"] for name in bodies}
    assert shown == {
        "one": "1/1/3.",
        "again": "1/1/3.",
        "truth": "True/True/3.",
        "text": "x3/x3/3.",
        "last": "1/1/3.",
    }


def test_an_imported_library_that_calls_a_helper_is_run_for_each_importer(tmp_path):
    lib = '{% set W = term("person") %}{% macro show() %}{{ W }}{% endmacro %}'
    bill, tdir = _bill_importing(tmp_path, lib, {"one": "", "two": "", "three": ""})
    doc = render_bill(load_bill(str(bill)))
    lib_file = str(tdir / "_lib.j2")
    assert [u["line"] for u in doc.meta["term_uses"] if u["file"] == lib_file] == [1, 1, 1]
    assert [doc.find(f"{n}.1").text["ja"] for n in ("one", "two", "three")] == ["指定者。"] * 3


def test_numerals_written_once_read_the_same():
    for n in [*range(1, 12_001), 99_999, 10**8 + 1]:
        first = kanji.to_kanji(n)
        assert kanji.to_kanji(n) == first and kanji.from_kanji(first) == n
        assert numbering.roman(n) == numbering.roman(n) == numbering._roman(n)
    assert (kanji.to_kanji(101), kanji.to_kanji(10_000), numbering.roman(1994)) == (
        "百一",
        "一万",
        "mcmxciv",
    )
    for bad in (True, 0, -3, 2.0, "3"):
        with pytest.raises(ValueError):
            kanji.to_kanji(bad)


def test_names_of_an_imported_module_read_as_the_sandbox_reads_them():
    loader = jinja2.DictLoader(
        {"lib.j2": "{% set shown = 'x' %}{% set _hidden = 'h' %}{% macro m() %}M{% endmacro %}"}
    )
    source = (
        "{% import 'lib.j2' as lib %}{{ lib.m() }}{{ lib.shown }}{{ lib['shown'] }}"
        "{{ lib.missing is undefined }}{{ lib._hidden is undefined }}"
        "{{ lib.__class__ is undefined }}"
    )
    out = []
    for env in (
        sandbox.sandboxed(loader),
        jinja2.sandbox.ImmutableSandboxedEnvironment(loader=loader),
    ):
        out.append(env.from_string(source).render())
    assert out == ["MxxTrueTrueTrue"] * 2
