"""The redline writers read the aligned lines as a stream: the same lines, units, paragraph
marks and 新旧対照表 rows as from the whole list, and the same files."""

from __future__ import annotations

import io
import itertools
import zipfile

import pytest
from clausewise.compare.review.redline import render, shinkyu
from clausewise.compare.review.redline.docx import _marked, _place_marks, _settle_tail
from clausewise.compare.review.redline.lines import Line, align, iter_align, iter_units, units
from clausewise.compare.review.versions import diff_documents, load_version
from clausewise.drafts.writers import WriteOptions

from tests import bill_versions as bv

OPTIONS = WriteOptions(author="T", date="2026-01-01T00:00:00Z", old_name="a", new_name="b")


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    root = tmp_path_factory.mktemp("streamed")
    old = load_version(str(bv.base(root / "base")))
    new = load_version(str(bv.removed(root / "new")))
    return diff_documents(old.doc, new.doc)


def _line(status: str, n: int) -> Line:
    old = None if status == "inserted" else f"old {n}"
    new = {"deleted": None, "equal": old}.get(status, f"new {n}")
    return Line("paragraph", f"u{n}", old, new, [])


def _whole(lines: list[Line]) -> list[tuple[str, str | None, str | None]]:
    settled = _settle_tail(list(lines), "ja")
    return [(ln.old, ln.new, m) for ln, m in zip(settled, _place_marks(settled), strict=True)]


def _streamed(lines: list[Line]) -> list[tuple[str, str | None, str | None]]:
    return [(ln.old, ln.new, m) for ln, m in _marked(iter(lines), "ja")]


def test_paragraph_marks_of_a_stream_are_those_of_the_whole_list():
    kinds = ("equal", "changed", "inserted", "deleted")
    cases = 0
    for n in range(0, 6):
        for statuses in itertools.product(kinds, repeat=n):
            lines = [_line(s, i) for i, s in enumerate(statuses)]
            assert _streamed(lines) == _whole(lines), statuses
            cases += 1
    assert cases > 1000


def test_trailing_run_of_both_kinds_is_settled_and_a_single_kind_moves_its_mark():
    both = [_line("equal", 0), _line("deleted", 1), _line("inserted", 2)]
    assert _streamed(both) == [("old 0", "old 0", None), ("old 1", "new 2", None)]
    single = [_line("equal", 0), _line("inserted", 1), _line("inserted", 2)]
    assert _streamed(single) == [
        ("old 0", "old 0", "ins"),
        (None, "new 1", "ins"),
        (None, "new 2", None),
    ]


def test_streamed_lines_and_units_are_the_listed_ones(comparison):
    for lang in ("ja", "en"):
        listed = align(comparison, lang)
        assert list(iter_align(comparison, lang)) == listed
        assert list(iter_units(comparison, iter(listed), lang)) == units(comparison, listed, lang)
    assert list(iter_units(comparison, iter([]), "ja")) == []


def test_shinkyu_pair_is_the_two_formats_written_apart(comparison):
    pair = shinkyu.write_pair(comparison, "ja", OPTIONS)
    assert list(pair) == ["shinkyu.docx", "shinkyu.html"]
    assert pair["shinkyu.html"] == render(comparison, "shinkyu.html", "ja", OPTIONS)
    apart = render(comparison, "shinkyu.docx", "ja", OPTIONS)
    with (
        zipfile.ZipFile(io.BytesIO(pair["shinkyu.docx"])) as a,
        zipfile.ZipFile(io.BytesIO(apart)) as b,
    ):
        assert a.read("word/document.xml") == b.read("word/document.xml")
    assert "第".encode() in pair["shinkyu.html"]


def test_markdown_stops_reading_past_its_limit_with_the_same_text(comparison, monkeypatch):
    from clausewise.compare.review.redline import markdown
    from clausewise.drafts.reportkit import labels

    monkeypatch.setattr(markdown, "LIMIT", 10**9)
    full = markdown.write(comparison, "ja", OPTIONS).decode()
    note = labels("redline", "ja")["truncated"]
    assert len(full) > 2000 and "### " in full
    for limit in [*range(100, len(full), 23), len(full) - 1, len(full), len(full) + 1]:
        monkeypatch.setattr(markdown, "LIMIT", limit)
        if len(full) > limit:
            want = full[: full.rfind("\n", 0, limit)] + f"\n\n{note}\n"
        else:
            want = full
        assert markdown.write(comparison, "ja", OPTIONS).decode() == want, limit


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "shinkyu"])
def test_diff_job_letting_go_of_english_writes_the_same_redline(tmp_path, fmt, monkeypatch):
    from clausewise.compare.review import diffjob

    old_bill, new_bill = bv.base(tmp_path / "base"), bv.removed(tmp_path / "new")

    def run(name: str) -> dict[str, bytes]:
        out = tmp_path / name
        out.mkdir()
        written = diffjob.run_diff(
            str(old_bill), str(new_bill), fmt, "ja", "T", "2026-01-01T00:00:00Z", out / "r"
        )[0]
        files = {}
        for path in written:
            data = path.read_bytes()
            if path.suffix == ".docx":
                with zipfile.ZipFile(io.BytesIO(data)) as z:
                    data = z.read("word/document.xml")
            files[path.name] = data
        return files

    dropped = run("dropped")
    monkeypatch.setattr(diffjob, "_drop_english", lambda doc: None)
    kept = run("kept")
    assert dropped == kept and dropped


def test_json_redline_written_a_change_at_a_time_is_the_whole_dump(comparison):
    import json

    from clausewise.compare.review.redline.json import to_dict, write

    whole = json.dumps(to_dict(comparison, "a", "b"), ensure_ascii=False, indent=2) + "\n"
    assert write(comparison, "ja", OPTIONS) == whole.encode("utf-8")
    assert json.loads(whole)["changes"]
    same = diff_documents(comparison.new, comparison.new)
    assert not same.changes
    empty = json.dumps(to_dict(same, "a", "b"), ensure_ascii=False, indent=2) + "\n"
    assert write(same, "ja", OPTIONS) == empty.encode("utf-8")
