"""`corpus fetch`: download the official texts into a corpus folder, resuming and verifying.

Each file is downloaded to FILE.part, with an HTTP Range request when a .part is already
there (so an interrupted download resumes instead of starting over), checked against the
length the server announced, read by its importer (a page of errors or a truncated XML file
fails there, not later in `compare`), and only then renamed into place. Its sha256, size,
URL and format go into manifest.json in the same folder, which is how a user can tell later
what was fetched from where. Only urllib is used: no extra dependency for one GET.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from http.client import HTTPException
from pathlib import Path

import yaml

from ... import __version__
from ...drafts.atomic import write_bytes
from ...drafts.errors import ClausewiseError

SOURCES_FILE = Path(__file__).with_name("sources.yaml")
MANIFEST = "manifest.json"
CHUNK = 64 * 1024
TIMEOUT = 30  # seconds without a byte before a download counts as failed


class FetchError(ClausewiseError):
    """A download that failed; the .part file, if any, is kept for the next attempt."""


@dataclass(frozen=True)
class Source:
    instrument: str
    url: str
    file: str  # corpus-relative, with forward slashes
    format: str


@cache
def load_sources() -> dict[str, list[Source]]:
    data = yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8")) or {}
    out: dict[str, list[Source]] = {}
    for inst, files in data.items():
        out[inst] = []
        for f in files:
            rel = str(f["file"])
            # The file name comes from data, but it still must not climb out of the corpus.
            if rel.startswith("/") or ".." in Path(rel).parts:
                raise ClausewiseError(f"{inst}: unsafe file path {rel!r}", str(SOURCES_FILE))
            out[inst].append(Source(inst, str(f["url"]), rel, str(f["format"])))
    return out


def select(ids: tuple[str, ...] | list[str]) -> list[Source]:
    sources = load_sources()
    if not ids:
        return [s for files in sources.values() for s in files]
    from .maps import map_paths

    out: list[Source] = []
    for i in ids:
        if i not in sources:
            if i in map_paths(None):
                raise ClausewiseError(
                    f"no official download is known for {i}; put its text "
                    "in a folder and point --corpus at it"
                )
            raise ClausewiseError(f"unknown instrument {i!r}; can fetch: {', '.join(sources)}")
        out.extend(sources[i])
    return out


def source_url(src: Source, mirror: str | None) -> str:
    """The official URL, or MIRROR/<corpus-relative path> when a mirror is given."""
    if not mirror:
        return src.url
    return mirror.rstrip("/") + "/" + urllib.parse.quote(src.file)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            h.update(block)
    return h.hexdigest()


# --- one download --------------------------------------------------------------------

Progress = Callable[[int | None, int], None]  # (total or None, bytes done so far)


def _total_from(resp, start: int) -> int | None:
    if resp.status == 206:
        m = re.match(r"bytes (\d+)-\d+/(\d+|\*)", resp.headers.get("Content-Range", ""))
        if not m or int(m[1]) != start:
            return -1  # a range we did not ask for: the caller starts over
        return int(m[2]) if m[2] != "*" else None
    length = resp.headers.get("Content-Length")
    return int(length) if length and length.isdigit() else None


def _open(url: str, start: int):
    headers = {"User-Agent": f"clausewise/{__version__} (corpus fetch)"}
    if start:
        headers["Range"] = f"bytes={start}-"
    return urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=TIMEOUT)


def download(url: str, part: Path, progress: Progress | None = None) -> int:
    """Download url into part (resuming it); return the size. Raise FetchError on failure."""
    part.parent.mkdir(parents=True, exist_ok=True)
    start = part.stat().st_size if part.exists() else 0
    try:
        resp = _open(url, start)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and start:
            # The range starts at or past the end: the .part may already be whole.
            m = re.match(r"bytes \*/(\d+)", exc.headers.get("Content-Range", "") or "")
            if m and int(m[1]) == start:
                return start
            part.unlink()
            return download(url, part, progress)
        raise FetchError(f"cannot download {url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, HTTPException) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise FetchError(f"cannot download {url}: {reason}") from None
    with resp:
        total = _total_from(resp, start)
        if total == -1:
            # A range we did not ask for cannot be appended: start over without one.
            resp.close()
            part.unlink()
            return download(url, part, progress)
        if resp.status != 206:
            start = 0  # the server ignored the Range header and sends the whole file
        done = start
        try:
            with part.open("ab" if start else "wb") as fh:
                while block := resp.read(CHUNK):
                    fh.write(block)
                    done += len(block)
                    if progress:
                        progress(total, done)
        except (OSError, HTTPException) as exc:
            raise FetchError(
                f"download of {url} was interrupted after {done} bytes ({exc}); "
                f"run the command again to resume from {part.name}"
            ) from None
    if total is not None and done != total:
        if done > total:
            part.unlink()
            raise FetchError(
                f"{url} sent {done} bytes, more than the {total} announced; "
                "the partial file was removed"
            )
        raise FetchError(
            f"download of {url} stopped at {done} of {total} bytes; "
            f"run the command again to resume from {part.name}"
        )
    return done


# --- verification and the manifest ---------------------------------------------------


def verify(path: Path, fmt: str) -> str:
    """Read the file with its importer; return a note for the user. Raise if it is unreadable."""
    from .importers import IMPORTERS, import_file

    if fmt not in IMPORTERS:
        return f"stored, not parsed: no importer reads {fmt} yet"
    doc = import_file(path, fmt=fmt)
    if not any(True for _ in doc.walk()):
        raise FetchError(
            f"the importer found no provisions in it ({fmt}); it is not the text of a law",
            str(path),
        )
    return f"verified: {sum(1 for _ in doc.walk())} provisions read as {fmt}"


def record(dest: Path, src: Source, url: str, size: int, digest: str) -> None:
    manifest = dest.parent / MANIFEST
    data: dict = {}
    if manifest.is_file():
        with contextlib.suppress(ValueError, OSError):
            data = json.loads(manifest.read_text(encoding="utf-8"))
    data[dest.name] = {
        "instrument": src.instrument,
        "url": url,
        "format": src.format,
        "size": size,
        "sha256": digest,
        "fetched": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    write_bytes(
        manifest,
        (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"),
    )


@dataclass
class Fetched:
    source: Source
    path: Path
    status: str  # "fetched" or "present"
    note: str = ""
    sha256: str = ""


def fetch_one(
    src: Source,
    corpus: Path,
    mirror: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> Fetched:
    dest = corpus / src.file
    if dest.exists() and not force:
        return Fetched(src, dest, "present", "already in the corpus; --force downloads it again")
    url = source_url(src, mirror)
    part = dest.with_name(dest.name + ".part")
    size = download(url, part, progress)
    try:
        note = verify(part, src.format)
    except ClausewiseError as exc:
        # Complete but unreadable: resuming it cannot help, so it goes.
        part.unlink()
        raise FetchError(
            f"{url} did not give a readable {src.format} file: {exc}", str(dest)
        ) from None
    digest = sha256_of(part)
    os.replace(part, dest)
    record(dest, src, url, size, digest)
    return Fetched(src, dest, "fetched", note, digest)


def fetched_source(inst_id: str, corpus: Path) -> tuple[Path, str] | None:
    """The first downloaded text of an instrument that an importer reads, with its format.

    For instruments whose map names a different file (the UK maps were written against a
    Markdown conversion, `fetch` gets CLML), so that the text in the cache can still be found.
    """
    from .importers import IMPORTERS

    for src in load_sources().get(inst_id, []):
        path = corpus / src.file
        if src.format in IMPORTERS and path.is_file():
            return path, src.format
    return None
