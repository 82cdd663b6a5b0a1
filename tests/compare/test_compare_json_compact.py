"""compare writes compact JSON unless --pretty; both hold the same report."""

from __future__ import annotations

import json

from tests.helpers import run_cli


def test_compact_unless_pretty(corpus_dir, tmp_path):
    texts = {}
    for name, extra in (("compact", ()), ("pretty", ("--pretty",))):
        out = tmp_path / f"{name}.json"
        args = ("compare", "--against", "uk", "--format", "json", "-o", out)
        result = run_cli(*args, "--corpus", corpus_dir, *extra)
        assert result.exit_code == 0, result.output
        texts[name] = out.read_text(encoding="utf-8")
    assert texts["compact"].count("\n") == 1 and '":' in texts["compact"]
    assert '\n  "alignments": [' in texts["pretty"]
    assert json.loads(texts["compact"]) == json.loads(texts["pretty"])
    assert len(texts["compact"]) < 0.8 * len(texts["pretty"])
