"""Links in the comparison reports: only http(s) addresses become links, in every format.

The map loader refuses a map whose `url` is not http(s); the writers hold the same rule on
their own, so that a report dict from elsewhere (an older JSON, another tool) cannot put
a `javascript:` address in front of a reader."""

from __future__ import annotations

import json

import lxml.html
from clausewise.compare.reports import render
from clausewise.drafts.writers import WriteOptions

from tests.helpers import run_cli

HOSTILE = "javascript:alert(document.cookie)"


def test_only_http_links_in_every_format(tmp_path, corpus_dir):
    out = tmp_path / "r.json"
    r = run_cli("compare", "--against", "uk", "--format", "json", "-o", out, "--corpus", corpus_dir)
    assert r.exit_code == 0, r.output
    report = json.loads(out.read_text(encoding="utf-8"))
    report["instruments"][0]["url"] = HOSTILE
    for a in report["alignments"]:
        for m in a["matches"]:
            m["url"] = HOSTILE
    for row in report["coverage"].values():
        for cell in row.values():
            for ref in cell.get("refs", []):
                ref["url"] = "data:text/html,<script>alert(1)</script>"
    page = lxml.html.fromstring(render(report, "html", "ja", WriteOptions()))
    hrefs = page.xpath("//a/@href")
    assert all(h.startswith(("https://", "http://")) for h in hrefs), hrefs[:5]
    # What was a link is still there, as text.
    assert "reg. 11" in page.xpath("//tr[@id='a-asset-freeze']")[0].text_content()
    md = render(report, "md", "ja", WriteOptions()).decode("utf-8")
    assert "javascript:" not in md and "data:text" not in md
    assert "SI 2020/680 reg. 11" in md
