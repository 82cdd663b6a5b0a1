"""A bill as it was at a git revision: `REV:PATH`, templates read from the same revision.

The bill file and its clause-template folder are copied out of the revision into a
temporary folder that mirrors the repository's layout, so the ordinary loader finds the
templates exactly where it would in a checkout of that revision. Messages name
`REV:PATH`, never the temporary folder. If the revision holds no template folder for the
bill (a drafting repository using the templates shipped with clausewise), the installed
templates are used, as a build in that checkout would.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from ...drafts import limits
from ...drafts.errors import BillError, ClausewiseError
from ...drafts.yamlsource import parse_yaml


def _git(args: list[str], cwd: Path, what: str) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60)
    except FileNotFoundError:
        raise ClausewiseError("git is not installed; REV:PATH needs git") from None
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ClausewiseError(f"{what}: {detail[-1] if detail else 'git failed'}")
    return proc.stdout


def repo_path(path: str, cwd: Path) -> str:
    """PATH as git's REV:PATH reads it: from the top of the repository, or from the
    current folder when it starts with ./ or ../ (git's own rule)."""
    if os.path.isabs(path):
        top = Path(
            _git(["rev-parse", "--show-toplevel"], cwd, "not in a git repository").decode().strip()
        )
        return Path(os.path.relpath(path, top)).as_posix()
    if path.startswith(("./", "../")):
        prefix = _git(["rev-parse", "--show-prefix"], cwd, "not in a git repository").decode()
        return os.path.normpath(prefix.strip() + path).replace(os.sep, "/")
    return path


def _exists(rev: str, path: str, cwd: Path) -> bool:
    proc = subprocess.run(["git", "cat-file", "-e", f"{rev}:{path}"], cwd=cwd, capture_output=True)
    return proc.returncode == 0


# Modes of the tree entries that are copied: plain and executable files. A symbolic link
# (120000) is refused, as the working-tree loader refuses one; a submodule (160000) is skipped.
_FILE_MODES = {"100644", "100755"}


def _safe_entry(rev: str, name: str, dest: Path) -> Path:
    """Where a tree entry goes under dest, after checking its name cannot climb out."""
    parts = name.split("/")
    if name.startswith("/") or any(p in ("", ".", "..") or "\\" in p for p in parts):
        raise BillError(f"refused: the tree entry {name!r} would be written outside", rev)
    target = dest.joinpath(*parts)
    if not target.resolve().is_relative_to(dest.resolve()):
        raise BillError(f"refused: the tree entry {name!r} would be written outside", rev)
    return target


def _copy_tree(rev: str, folder: str, cwd: Path, dest: Path) -> None:
    listing = _git(
        ["ls-tree", "-r", "-z", "-l", "--full-tree", rev, "--", folder + "/"],
        cwd,
        f"cannot list {rev}:{folder}",
    )
    entries = []
    # Every entry is checked before anything is written.
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_name = entry.partition(b"\t")
        mode, kind, sha, size = meta.decode().split()
        try:
            name = raw_name.decode("utf-8")
        except UnicodeDecodeError:
            raise BillError(f"refused: a tree entry under {folder} is not UTF-8", rev) from None
        if kind == "commit":
            continue
        if mode == "120000":
            raise BillError(
                f"refused: {name} is a symbolic link; templates are read only from regular files",
                f"{rev}:{name}",
            )
        if kind != "blob" or mode not in _FILE_MODES:
            raise BillError(f"refused: {name} is not a regular file (mode {mode})", rev)
        limits.check_size(int(size), f"{rev}:{name}")  # before git hands over the bytes
        entries.append((_safe_entry(rev, name, dest), sha, name))
    for target, sha, name in entries:
        data = _git(["cat-file", "blob", sha], cwd, f"cannot read {name!r}")
        target.parent.mkdir(parents=True, exist_ok=True)
        # Exclusive and not through a link: nothing under dest was there before.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)


def _template_candidates(bill_path: str, name: str) -> list[str]:
    """The folders locate_templates() would try, as paths inside the repository."""
    base = PurePosixPath(bill_path).parent
    out = [base / name, base / "templates" / name, base.parent / "templates" / name]
    return [str(p).removeprefix("./") for p in out]


class NotAtRevision(ClausewiseError):
    """The file does not exist at that revision (for instance a bill added since)."""


def _blob_size(rev: str, path: str, cwd: Path) -> None:
    """Refuse a file over the input cap before git hands over its bytes."""
    size = _git(["cat-file", "-s", f"{rev}:{path}"], cwd, f"cannot read {rev}:{path}")
    limits.check_size(int(size.decode().strip() or 0), f"{rev}:{path}")


def materialise(rev: str, path: str, cwd: Path, dest: Path) -> Path:
    _git(
        ["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd, f"unknown revision {rev!r}"
    )
    if not _exists(rev, path, cwd):
        raise NotAtRevision(f"there is no file {path!r} at revision {rev!r}")
    _blob_size(rev, path, cwd)
    data = _git(["show", f"{rev}:{path}"], cwd, f"cannot read {rev}:{path}")
    bill = _safe_entry(rev, path, dest)
    bill.parent.mkdir(parents=True, exist_ok=True)
    bill.write_bytes(data)
    try:
        # The bounded reader: the bill file of a revision is as untrusted as any other.
        parsed = parse_yaml(data.decode("utf-8"), f"{rev}:{path}").data
        name = parsed.get("templates") if isinstance(parsed, dict) else None
    except (ClausewiseError, UnicodeDecodeError):
        name = None  # the loader will report the broken file properly
    if isinstance(name, str) and name and ".." not in name:
        for folder in _template_candidates(path, name):
            if _exists(rev, f"{folder}/options.yaml", cwd):
                _copy_tree(rev, folder, cwd, dest)
                break
    return bill


def split_spec(spec: str, cwd: Path | None) -> tuple[Path, str, str]:
    """(repository folder, revision, path inside the repository) of REV:PATH."""
    cwd = Path(cwd or ".").resolve()
    rev, _, raw_path = spec.partition(":")
    if not rev or not raw_path:
        raise ClausewiseError(
            f"{spec!r}: write a git version as REV:PATH, for example "
            "origin/main:drafts/jp-magnitsky.yaml"
        )
    return cwd, rev, repo_path(raw_path, cwd)


def read_file(spec: str, cwd: Path | None = None) -> bytes:
    """The bytes of REV:PATH, for a version that is one file (an e-Gov law): nothing beside it
    is needed, so nothing is written to disk."""
    cwd, rev, path = split_spec(spec, cwd)
    _git(
        ["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd, f"unknown revision {rev!r}"
    )
    if not _exists(rev, path, cwd):
        raise ClausewiseError(f"there is no file {path!r} at revision {rev!r}")
    _blob_size(rev, path, cwd)
    return _git(["show", f"{rev}:{path}"], cwd, f"cannot read {spec}")


@contextmanager
def checked_out(spec: str, cwd: Path | None = None) -> Iterator[tuple[Path, Callable]]:
    """REV:PATH copied out into a temporary folder: yields the bill file's path there and
    shown(), which maps a path in that folder back to REV:PATH for messages. The folder is
    removed on leaving the block; versions.load_version renders the bill inside it."""
    cwd, rev, path = split_spec(spec, cwd)
    with tempfile.TemporaryDirectory(prefix="clausewise-rev-") as tmp:
        root = Path(tmp).resolve()
        bill_file = materialise(rev, path, cwd, root)

        def shown(file: str | None) -> str | None:
            if file and file.startswith(str(root)):
                return f"{rev}:{Path(file).relative_to(root).as_posix()}"
            return file

        yield bill_file, shown
