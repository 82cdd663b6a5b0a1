"""YAML read with the line of every value, so that validation errors can point at it.

PyYAML's composed node tree carries marks; we turn it into plain data plus a map from
each value's path (("chapters", 0, "articles", 2, "template")) to its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import BillError

Path_ = tuple


@dataclass
class YamlDoc:
    file: str
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)

    def line(self, *path) -> int | None:
        """Line of the value at path, or of its nearest ancestor that has one."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), None)

    def error(self, message: str, *path) -> BillError:
        return BillError(message, self.file, self.line(*path))


def _convert(node: yaml.Node, path: Path_, lines: dict, file: str):
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str | int | bool | float):
                raise BillError(
                    f"a key must be a plain word, not {key!r}", file, key_node.start_mark.line + 1
                )
            if key in out:
                raise BillError(
                    f"key {key!r} appears twice in the same mapping",
                    file,
                    key_node.start_mark.line + 1,
                )
            out[key] = _convert(value_node, path + (key,), lines, file)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(v, path + (i,), lines, file) for i, v in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.ScalarNode):
    # SafeLoader's constructor resolves the scalar's tag (int, bool, null, date...).
    return _LOADER.construct_object(node, deep=True)


_LOADER = yaml.SafeLoader("")


# libyaml, where PyYAML was built with it, composes several times faster than the pure-Python
# parser: a 1,000-article bill file is read in a tenth of the time.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _compose(text: str):
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass  # the pure-Python parser words its errors better: let it report this one
    return yaml.compose(text, Loader=yaml.SafeLoader)


def parse_yaml(text: str, file: str) -> YamlDoc:
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise BillError(f"this is not valid YAML: {problem}", file, line) from None
    except yaml.YAMLError as exc:
        raise BillError(f"this is not valid YAML: {exc}", file) from None
    lines: dict[Path_, int] = {}
    if node is None:
        return YamlDoc(file, None, lines)
    try:
        data = _convert(node, (), lines, file)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise BillError(
            f"this is not valid YAML: {exc.problem}", file, mark.line + 1 if mark else None
        ) from None
    return YamlDoc(file, data, lines)


def read_yaml(path: Path, display: str | None = None) -> YamlDoc:
    display = display or str(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise BillError("file not found", display) from None
    except OSError as exc:
        raise BillError(f"cannot read the file: {exc.strerror}", display) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BillError("the file is not UTF-8 text", display, line) from None
    return parse_yaml(text, display)
