"""The two versions of a diff are rendered in forked workers only where that pays: large
bills on Linux with more than one core. Both ways give the same documents."""

from __future__ import annotations

import os
import sys

import pytest
from clausewise.compare.review import versions

from tests.helpers import copy_default

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux")


def _two_copies(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    return str(copy_default(tmp_path / "old")), str(copy_default(tmp_path / "new"))


def _pool_used(monkeypatch) -> list:
    import concurrent.futures

    used = []
    real = concurrent.futures.ProcessPoolExecutor

    def spy(*args, **kwargs):
        used.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", spy)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    return used


def test_small_bills_render_in_one_process_and_large_ones_in_two(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAUSEWISE_NO_CACHE", "1")
    old, new = _two_copies(tmp_path)
    used = _pool_used(monkeypatch)
    serial = versions.load_versions(old, new)
    assert used == []
    monkeypatch.setattr(versions, "SMALL_BILL_BYTES", 0)
    forked = versions.load_versions(old, new)
    assert used == [True]
    for a, b in zip(serial, forked, strict=True):
        assert a.doc == b.doc
        assert str(a.bill.path) == str(b.bill.path)
        assert str(a.bill.template_dir) == str(b.bill.template_dir)
