"""JSON read within bounds: a built bill (`clausewise build --format json`) may be untrusted.

Size capped before reading, numbers limited to sane integers (no NaN, no 5,000-digit
integer), nesting limited, and every string free of control characters and lone surrogates.
Each refusal names the file, and the line where the offending text can be found.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import limits
from .errors import InputFileError


def _int(text: str) -> int:
    if sum(c.isdigit() for c in text) > limits.MAX_INT_DIGITS:
        raise ValueError(f"the number {text[:20]}… has more than {limits.MAX_INT_DIGITS} digits")
    return int(text)


def _constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _line_of(text: str, needle: str) -> int | None:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def _check_tree(data, text: str, display: str) -> None:
    """Depth and strings, walked without recursion."""
    stack = [(data, 1, "")]
    while stack:
        value, depth, where = stack.pop()
        if depth > limits.MAX_DEPTH:
            raise InputFileError(display, f"nested more than {limits.MAX_DEPTH} levels deep")
        if isinstance(value, dict):
            for k, v in value.items():
                stack.append((k, depth + 1, where))
                stack.append((v, depth + 1, f"{where}.{k}" if where else str(k)))
        elif isinstance(value, list):
            stack.extend((v, depth + 1, f"{where}[{i}]") for i, v in enumerate(value))
        elif isinstance(value, str):
            m = limits.bad_char(value)
            if m:
                escaped = json.dumps(m.group())[1:-1]
                line = _line_of(text, escaped) or _line_of(text, m.group())
                at = f" (at {where})" if where else ""
                raise InputFileError(
                    display, f"{limits.describe(m.group())} is not allowed in input{at}", line
                )


def parse_json(text: str, display: str):
    limits.check_size(len(text), display)
    try:
        data = json.loads(text, parse_int=_int, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise InputFileError(display, f"this is not valid JSON: {exc.msg}", exc.lineno) from None
    except ValueError as exc:
        raise InputFileError(display, f"this is not valid JSON: {exc}") from None
    except RecursionError:
        raise InputFileError(display, f"nested more than {limits.MAX_DEPTH} levels deep") from None
    _check_tree(data, text, display)
    return data


def read_json(path: Path, display: str | None = None):
    display = display or str(path)
    return parse_json(
        limits.decode_utf8(limits.read_bounded(Path(path), display), display), display
    )
