"""The bill as HTML: one self-contained page that Chromium renders without console errors."""

import lxml.html

from tests.helpers import chromium_render, run_cli


def test_bill_html_renders_in_chromium(tmp_path, chromium):
    for lang in ("ja", "both"):
        r = run_cli("build", "-o", tmp_path / lang, "--format", "html", "--lang", lang)
        assert r.exit_code == 0, r.output
        html = tmp_path / lang / "jp-magnitsky.html"
        page = lxml.html.fromstring(html.read_bytes())
        # Self-contained: no external scripts, styles or images.
        assert not page.xpath("//script[@src] | //link[@rel='stylesheet'] | //img[@src]")
        dom, console, png = chromium_render(chromium, html, tmp_path / lang)
        assert console == [], console
        assert png.stat().st_size > 10_000
        rendered = lxml.html.fromstring(dom)
        text = rendered.text_content()
        assert "第一条" in text and "附　則" in text and "理　由" in text
        # The table of contents links to the chapters.
        targets = {a.get("href")[1:] for a in rendered.xpath("//nav//a | //p[@class='toc']/a")}
        ids = set(rendered.xpath("//@id"))
        assert targets and targets <= ids
        if lang == "both":
            assert "Article 1" in text
