"""Writing outputs so that an interrupted write never leaves a half-written file.

Write to a temporary file in the target's folder, then rename over the target: the rename is
atomic on POSIX and Windows, so the previous file stays whole until the new one is complete.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from .errors import OutputError


def write_bytes(path: Path, data: bytes) -> Path:
    with _replacing(path, "wb") as fh:
        fh.write(data)
    return Path(path)


def write_text(path: Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))


def write_stream(path: Path) -> contextlib.AbstractContextManager[TextIO]:
    """A UTF-8 text stream whose content replaces path when the block ends without error:
    for an output too large to hold whole (a long bill's check report)."""
    return _replacing(path, "w", encoding="utf-8", newline="")


@contextlib.contextmanager
def _replacing(path: Path, mode: str, **kwargs) -> Iterator:
    """A file opened on a temporary name in path's folder, renamed over path when the block
    ends without error and removed when it does not."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror}", str(path)) from None
    try:
        with os.fdopen(fd, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"cannot write the file: {exc.strerror}", str(path)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
