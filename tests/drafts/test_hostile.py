"""Hostile input on the drafting side: markup, template syntax and Word field codes in draft
text come out literally in every writer; odd output paths work; random bytes as a bill file or
template give a clear error, never a traceback."""

import json

import docx
import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import copy_mini, run_cli

NASTY_JA = "<script>alert('ja')</script>{{ x }}「{ DDEAUTO c:\\\\cmd.exe }」&amp;*強調*"
NASTY_EN = "<script>alert(1)</script> {{ x }} { PAGE } | *bold* [link](http://x) &lt;"


def _nasty_bill(tmp_path):
    bill = copy_mini(tmp_path)
    tpl = bill.parent / "templates" / "mini" / "commence.j2"
    # Jinja would evaluate {{ }} in the template itself: the literal braces come from a string.
    tpl.write_text(
        f"para\nja: {{{{ {NASTY_JA!r} }}}}\nen: {{{{ {NASTY_EN!r} }}}}\n",
        encoding="utf-8",
    )
    return bill


def test_text_is_literal_in_every_writer(tmp_path):
    bill = _nasty_bill(tmp_path)
    out = tmp_path / "出力 フォルダ"  # spaces and Japanese in the output path
    for lang in ("ja", "en", "both"):
        r = run_cli(
            "build", bill, "-o", out / lang, "--format", "docx,html,md,json", "--lang", lang
        )
        assert r.exit_code == 0, r.output
    data = json.loads((out / "ja" / "mini.json").read_text(encoding="utf-8"))
    suppl = [p for p in data["provisions"] if p["kind"] == "supplementary"][0]
    para = suppl["children"][0]["children"][0]
    assert para["text"] == {"ja": NASTY_JA, "en": NASTY_EN}

    for lang, expected in (("ja", NASTY_JA), ("en", NASTY_EN)):
        page = lxml.html.fromstring((out / lang / "mini.html").read_bytes())
        assert not page.xpath("//script"), "draft text became a script element"
        assert not page.xpath("//a[@href='http://x']")
        assert expected in page.text_content()
        d = docx.Document(str(out / lang / "mini.docx"))
        assert expected in [p.text for p in d.paragraphs]
        body = d.element.body.xml
        assert "w:fldSimple" not in body and "w:instrText" not in body

    md = (out / "en" / "mini.md").read_text(encoding="utf-8")
    assert "<script>" not in md and "\\<script\\>" in md
    both = lxml.html.fromstring((out / "both" / "mini.html").read_bytes())
    assert not both.xpath("//script") and NASTY_EN in both.text_content()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_random_bytes_as_bill_file(tmp_path, blob):
    bill = tmp_path / "random.yaml"
    bill.write_bytes(blob)
    r = run_cli("build", bill, "-o", tmp_path / "out", "--format", "json")
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and r.output.startswith("clausewise: ")
    assert "random.yaml" in r.output


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_random_bytes_as_template(tmp_path_factory, blob):
    tmp_path = tmp_path_factory.mktemp("tpl")
    bill = copy_mini(tmp_path)
    (bill.parent / "templates" / "mini" / "purpose.j2").write_bytes(blob)
    r = run_cli("build", bill, "-o", tmp_path / "out", "--format", "json")
    assert r.exit_code in (0, 2), r.output
    if r.exit_code == 2:
        assert "Traceback" not in r.output and r.output.startswith("clausewise: ")
