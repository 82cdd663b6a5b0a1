"""Bounds on untrusted input: file size, nesting depth, integer size, forbidden characters.

A bill file, template, map, built JSON or corpus file may come from a pull request. Each is
read within these bounds, so a small hostile file cannot exhaust memory or time, and a
character no legal text holds (NUL, other control characters, a lone surrogate) is refused
with its line instead of failing somewhere later with a traceback.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .errors import InputFileError

DEFAULT_MAX_INPUT = 10 * 1024 * 1024
# Bill files, maps and built JSON nest a dozen levels at most.
MAX_DEPTH = 100
# Integers in a bill or map are counts, years and yen amounts: 18 digits is plenty, and a
# 5,000-digit number would otherwise take Python's int() to its conversion limit.
MAX_INT_DIGITS = 18

# C0 controls but tab, line feed and carriage return; DEL; C1 controls; lone surrogates.
# U+E000 and U+E001 are the renderer's own token brackets (drafts/render.py).
_BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000\ue001]")


def max_input() -> int:
    """The size cap in bytes: CLAUSEWISE_MAX_INPUT (bytes, or with a K/M/G suffix), else 10 MB."""
    raw = os.environ.get("CLAUSEWISE_MAX_INPUT", "").strip().upper()
    if not raw:
        return DEFAULT_MAX_INPUT
    scale = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(raw[-1:], 1)
    digits = raw[:-1] if scale != 1 else raw
    if not digits.isdigit():
        return DEFAULT_MAX_INPUT
    return int(digits) * scale


def read_bounded(path: Path, display: str | None = None, *, follow: bool = True) -> bytes:
    """The file's bytes, refusing a file larger than the cap before reading it whole, and
    anything but a regular file (a FIFO or device would block or never end). With
    follow=False a symbolic link is refused too (files of a template folder)."""
    display = display or str(path)
    limit = max_input()
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputFileError(display, "file not found") from None
    except IsADirectoryError:
        raise InputFileError(display, "this is a folder, not a file") from None
    except OSError as exc:
        if not follow and os.path.islink(path):
            raise InputFileError(
                display, "refused: this is a symbolic link; only regular files are read here"
            ) from None
        raise InputFileError(display, f"cannot read the file: {exc.strerror}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            if stat.S_ISDIR(st.st_mode):
                raise InputFileError(display, "this is a folder, not a file")
            raise InputFileError(display, "refused: this is not a regular file")
        data = read_at_most(fd, limit, st.st_size)
    except OSError as exc:
        raise InputFileError(display, f"cannot read the file: {exc.strerror}") from None
    finally:
        os.close(fd)
    check_size(len(data), display)
    return data


def read_at_most(fd: int, limit: int, size: int) -> bytes:
    """What a buffered `read(limit + 1)` of the open file gives (all of it, or one byte over
    the cap, so that a file over it is seen), read in pieces sized by its fstat `size`: a
    buffered read allocates the whole cap (10 MB) first, which cost every small template and
    compiled-template file 15-20 µs. A file that grew since fstat is read on to the cap."""
    chunks = []
    total = 0
    want = min(size, limit) + 1
    while total <= limit:
        chunk = os.read(fd, min(want, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = 1 << 20
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def check_size(size: int, display: str) -> None:
    limit = max_input()
    if size > limit:
        raise InputFileError(
            display,
            f"the file is larger than {limit:,} bytes (set CLAUSEWISE_MAX_INPUT to allow more)",
        )


def bad_char(text: str) -> re.Match | None:
    return _BAD_CHAR.search(text)


# The UTF-8 bytes that can start a forbidden character: the C0 controls and DEL are those
# bytes themselves, the C1 controls start with C2, U+E000/U+E001 with EE (lone surrogates
# cannot survive a strict decode).
_BAD_C0 = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def bad_char_utf8(data: bytes, text: str) -> re.Match | None:
    """bad_char(text) for text = data.decode("utf-8"), most often answered from the bytes:
    a file with none of the byte sequences above holds no forbidden character, found in a
    tenth of the time the character search takes on Japanese text."""
    if len(data.translate(None, _BAD_C0)) == len(data) and not _c1_or_reserved(data):
        return None
    return _BAD_CHAR.search(text)


def _c1_or_reserved(data: bytes) -> bool:
    """Whether valid UTF-8 holds a C1 control (C2 80..C2 9F) or U+E000/U+E001 (EE 80 80/81).
    C2 also starts the common U+00A0..U+00BF (no-break space, §, £), so each C2 found is
    looked at; in valid UTF-8 a C2 or EE byte always starts a character."""
    if b"\xee\x80\x80" in data or b"\xee\x80\x81" in data:
        return True
    i = data.find(b"\xc2")
    while i >= 0:
        if data[i + 1 : i + 2] < b"\xa0":  # a C1 control (or a truncated, invalid end)
            return True
        i = data.find(b"\xc2", i + 2)
    return False


def describe(ch: str) -> str:
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return f"a lone surrogate U+{code:04X}"
    if code in (0xE000, 0xE001):
        return f"U+{code:04X}, a character clausewise reserves for itself"
    return f"the control character U+{code:04X}"


def check_text(text: str, display: str, line: int | None = None) -> None:
    """Refuse a forbidden character; the line is counted in text unless given."""
    m = _BAD_CHAR.search(text)
    if m is None:
        return
    where = line if line is not None else text.count("\n", 0, m.start()) + 1
    raise InputFileError(display, f"{describe(m.group())} is not allowed in input", where)


def decode_utf8(data: bytes, display: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputFileError(display, "the file is not UTF-8 text", line) from None
