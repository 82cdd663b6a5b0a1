"""`corpus fetch`: download the official texts into a corpus folder, resuming and verifying.

Each file is downloaded to FILE.part, with an HTTP Range request when a .part is already
there (so an interrupted download resumes instead of starting over), checked against the
length the server announced, read by its importer (a page of errors or a truncated XML file
fails there, not later in `compare`), and only then renamed into place. Its sha256, size,
URL and format go into manifest.json in the same folder, which is how a user can tell later
what was fetched from where. Only urllib is used: no extra dependency for one GET.

What a download can be trusted for:
- https only (plain http only to a loopback mirror, for tests), redirects included, and no
  other scheme (file:, ftp:, data:) at all;
- a size cap (drafts.limits, as for any input) and an overall deadline per file;
- the text must carry the identifiers sources.yaml expects (title and number), and its
  sha256 where sources.yaml pins one, so a different law under a known id is refused;
- a resume is asked for with If-Range and the validators (ETag, Last-Modified) of the first
  response, kept beside the .part; a changed upstream file restarts the download, and a
  .part without validators is not resumed;
- the .part is created exclusively and never through a symbolic link.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import os
import re
import stat
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http.client import HTTPException
from pathlib import Path

from ...drafts.atomic import write_bytes
from ...drafts.errors import ClausewiseError
from ...drafts.limits import max_input
from .sources import SOURCES_FILE, Source, fetched_source, load_sources  # noqa: F401 (re-exported)

MANIFEST = "manifest.json"
CHUNK = 64 * 1024
TIMEOUT = 30  # seconds without a byte before a download counts as failed
DEADLINE = 600  # seconds for one file, all of it (CLAUSEWISE_FETCH_DEADLINE)
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class FetchError(ClausewiseError):
    """A download that failed; the .part file, if any, is kept for the next attempt."""


def check_url(url: str) -> str:
    """https, or http to this machine; anything else (file:, ftp:, data:) is refused."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" and host:
        return url
    if parts.scheme == "http" and host in LOOPBACK:
        return url
    raise FetchError(
        f"refusing to download from {url!r}: only https addresses (and http to a mirror on "
        "this machine, 127.0.0.1) are allowed"
    )


def deadline_seconds() -> float:
    raw = os.environ.get("CLAUSEWISE_FETCH_DEADLINE", "")
    try:
        return float(raw) if raw else DEADLINE
    except ValueError:
        return DEADLINE


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
        return check_url(src.url)
    return check_url(mirror.rstrip("/") + "/" + urllib.parse.quote(src.file))


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


class _CheckedRedirect(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an address check_url allows."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    # Built by hand: build_opener would add the file:, ftp: and data: handlers.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _CheckedRedirect(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _open(url: str, start: int, validator: str | None, timeout: float):
    from ... import __version__

    headers = {"User-Agent": f"clausewise/{__version__} (corpus fetch)"}
    if start:
        headers["Range"] = f"bytes={start}-"
        # The server sends the rest only if the file is still the one the .part began;
        # otherwise it sends the whole new file (200), and the download starts over.
        headers["If-Range"] = validator or ""
    request = urllib.request.Request(check_url(url), headers=headers)
    return _opener().open(request, timeout=timeout)


def _validator(headers) -> str | None:
    """The strongest validator of a response: its ETag unless weak, else Last-Modified."""
    etag = headers.get("ETag")
    if etag and not etag.startswith("W/"):
        return etag
    return headers.get("Last-Modified")


def _meta_path(part: Path) -> Path:
    return part.with_name(part.name + ".json")


def _read_validator(part: Path) -> str | None:
    try:
        data = json.loads(_meta_path(part).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("validator") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else None


def _discard(part: Path) -> None:
    for p in (part, _meta_path(part)):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _open_part(part: Path, append: bool):
    """The .part for writing: created exclusively, or appended to, never through a link."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    flags = os.O_WRONLY | nofollow | (os.O_APPEND if append else os.O_CREAT | os.O_EXCL)
    try:
        fd = os.open(part, flags, 0o644)
    except FileExistsError:
        raise FetchError(f"{part} appeared while downloading; run the command again") from None
    except OSError as exc:
        raise FetchError(
            f"refusing to write {part}: {exc.strerror} (a symbolic link there is never followed)"
        ) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise FetchError(f"refusing to write {part}: it is not a regular file")
    return os.fdopen(fd, "ab" if append else "wb")


def _existing_part(part: Path) -> int:
    """The size of a .part to resume, 0 when there is none or it cannot be trusted."""
    try:
        st = os.lstat(part)
    except FileNotFoundError:
        _discard(part)
        return 0
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode):
        raise FetchError(
            f"refusing to resume {part}: it is not a regular file (a symbolic link?); remove it"
        )
    if _read_validator(part) is None:
        _discard(part)  # no validators: the part may be of another version of the file
        return 0
    return st.st_size


def download(url: str, part: Path, progress: Progress | None = None, _again: bool = False) -> int:
    """Download url into part (resuming it); return the size. Raise FetchError on failure."""
    part.parent.mkdir(parents=True, exist_ok=True)
    start = _existing_part(part)
    limit = max_input()
    ends = time.monotonic() + deadline_seconds()
    try:
        resp = _open(url, start, _read_validator(part), TIMEOUT)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and start:
            # The range starts at or past the end: the .part may already be whole.
            m = re.match(r"bytes \*/(\d+)", exc.headers.get("Content-Range", "") or "")
            if m and int(m[1]) == start:
                return start
            _discard(part)
            return download(url, part, progress, True)
        raise FetchError(f"cannot download {url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, HTTPException) as exc:
        if isinstance(exc, FetchError):
            raise
        reason = getattr(exc, "reason", None) or exc
        raise FetchError(f"cannot download {url}: {reason}") from None
    with resp:
        total = _total_from(resp, start)
        validator = _validator(resp.headers)
        if total == -1 or (resp.status == 206 and validator != _read_validator(part)):
            # A range we did not ask for, or the file changed since the .part began: the
            # rest cannot be appended to it. Start over, once.
            resp.close()
            _discard(part)
            if _again:
                raise FetchError(f"{url} answered a resume inconsistently; try again later")
            return download(url, part, progress, True)
        if total is not None and total > limit:
            resp.close()
            _discard(part)
            raise FetchError(
                f"{url} is {total:,} bytes, more than the {limit:,} allowed "
                "(set CLAUSEWISE_MAX_INPUT to allow more)"
            )
        if resp.status != 206:
            start = 0  # the server ignored the Range header, or the file changed: all of it
            _discard(part)
        if start == 0:
            if validator is None:
                with contextlib.suppress(FileNotFoundError):
                    _meta_path(part).unlink()
            else:
                write_bytes(_meta_path(part), json.dumps({"validator": validator}).encode())
        done = start
        try:
            with _open_part(part, append=bool(start)) as fh:
                while True:
                    left = ends - time.monotonic()
                    if left <= 0:
                        raise FetchError(
                            f"download of {url} took longer than {deadline_seconds():.0f} s "
                            f"(CLAUSEWISE_FETCH_DEADLINE); run the command again to resume"
                        )
                    _set_timeout(resp, min(TIMEOUT, left))
                    # read1: what has arrived, so a trickle cannot hold a read past the deadline.
                    block = resp.read1(CHUNK)
                    if not block:
                        break
                    done += len(block)
                    if done > limit:
                        fh.close()
                        _discard(part)
                        raise FetchError(
                            f"{url} sent more than the {limit:,} bytes allowed "
                            "(set CLAUSEWISE_MAX_INPUT to allow more); the partial file was removed"
                        )
                    fh.write(block)
                    if progress:
                        progress(total, done)
        except (OSError, HTTPException) as exc:
            raise FetchError(
                f"download of {url} was interrupted after {done} bytes ({exc}); "
                f"run the command again to resume from {part.name}"
            ) from None
    if total is not None and done != total:
        if done > total:
            _discard(part)
            raise FetchError(
                f"{url} sent {done} bytes, more than the {total} announced; "
                "the partial file was removed"
            )
        raise FetchError(
            f"download of {url} stopped at {done} of {total} bytes; "
            f"run the command again to resume from {part.name}"
        )
    return done


def _set_timeout(resp, seconds: float) -> None:
    """Bound each read by what is left of the deadline, where the socket can be reached."""
    sock = getattr(getattr(getattr(resp, "fp", None), "raw", None), "_sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.settimeout(max(seconds, 0.1))


# --- verification and the manifest ---------------------------------------------------


def _searchable(data: bytes) -> str:
    """The file's text as it is and with its tags and entities gone, spaces collapsed,
    case folded: where an expected title or number is looked for."""
    raw = data.decode("utf-8", "replace")
    plain = html.unescape(re.sub(r"<[^>]*>", " ", raw))
    return " ".join(f"{raw} \n {plain}".split()).casefold()


def check_identity(path: Path, src: Source) -> None:
    """The file is the law sources.yaml names: its sha256 where pinned, its identifiers."""
    data = path.read_bytes()
    if src.sha256 and hashlib.sha256(data).hexdigest() != src.sha256.lower():
        raise FetchError(
            f"the file's sha256 is not the one sources.yaml pins for {src.instrument} "
            f"({src.file}); it is not the expected text",
            str(path),
        )
    if src.expect:
        text = _searchable(data)
        missing = [e for e in src.expect if " ".join(e.split()).casefold() not in text]
        if missing:
            raise FetchError(
                f"this is not the text of {src.instrument}: it does not contain "
                + ", ".join(repr(m) for m in missing),
                str(path),
            )


def verify(path: Path, fmt: str, src: Source | None = None) -> str:
    """Read the file with its importer; return a note for the user. Raise if it is unreadable."""
    from .importers import IMPORTERS, import_file

    if src is not None:
        check_identity(path, src)
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
    if not dest.parent.resolve().is_relative_to(Path(corpus).resolve()):
        raise FetchError(f"refusing to write {dest}: its folder lies outside the corpus folder")
    if dest.exists() and not force:
        return Fetched(src, dest, "present", "already in the corpus; --force downloads it again")
    url = source_url(src, mirror)
    part = dest.with_name(dest.name + ".part")
    size = download(url, part, progress)
    try:
        note = verify(part, src.format, src)
    except ClausewiseError as exc:
        # Complete but unreadable or not the expected law: resuming it cannot help, so it goes.
        _discard(part)
        raise FetchError(
            f"{url} did not give a readable {src.format} file: {exc}", str(dest)
        ) from None
    digest = sha256_of(part)
    os.replace(part, dest)
    with contextlib.suppress(FileNotFoundError):
        _meta_path(part).unlink()
    record(dest, src, url, size, digest)
    return Fetched(src, dest, "fetched", note, digest)
