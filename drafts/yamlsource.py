"""YAML read with the line of every value, so that validation errors can point at it.

The document is built straight from the parser's events (libyaml's where PyYAML has it:
several times faster than the pure-Python parser), into plain data plus a map from each
value's path (("chapters", 0, "articles", 2, "template")) to its line. Building from events
rather than from a composed node tree is what bounds the input: an alias or anchor is refused
at its line (bill files and maps never need one, and alias expansion turns a 5 KB file into
gigabytes), nesting deeper than drafts.limits.MAX_DEPTH is refused before anything recurses,
and so are oversized integers, explicit tags and forbidden characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import limits
from .errors import BillError, InputFileError

Path_ = tuple


@dataclass
class YamlDoc:
    """A YAML file's data, with the line of every value for messages."""

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


_LOADER = yaml.SafeLoader("")
_RESOLVER = yaml.resolver.Resolver()
_INT_TAG = "tag:yaml.org,2002:int"
# The plain scalar types; binary, sets and every language-specific tag are refused.
_SCALARS = {
    f"tag:yaml.org,2002:{name}": yaml.SafeLoader.yaml_constructors[f"tag:yaml.org,2002:{name}"]
    for name in ("null", "bool", "int", "float", "str", "timestamp")
}
_PLAIN_TAGS = {None, "!"}
_STR = "tag:yaml.org,2002:str"
_STD_TAGS = {
    yaml.MappingStartEvent: "tag:yaml.org,2002:map",
    yaml.SequenceStartEvent: "tag:yaml.org,2002:seq",
}
# libyaml's parser, where PyYAML was built with it; the pure-Python one words errors better.
_FAST_PARSER = getattr(yaml, "CSafeLoader", None)


class _Frame:
    __slots__ = ("container", "path", "key", "key_line", "is_map")

    def __init__(self, container, path, is_map):
        self.container = container
        self.path = path
        self.is_map = is_map
        self.key = _NO_KEY
        self.key_line = None


_NO_KEY = object()


def _line(event) -> int:
    return event.start_mark.line + 1


def _scalar(event, file: str):
    tag = event.tag
    if tag in _PLAIN_TAGS:
        # A quoted scalar (implicit[0] false) is a string: what the resolver answers for it.
        implicit = event.implicit
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, implicit) if implicit[0] else _STR
    if tag == _STR:
        # What the string constructor gives: the scalar's text, without a node made for it.
        # parse_yaml has looked for forbidden characters in the whole text, so only the
        # escapes of a double-quoted scalar ("\x00") can make one.
        value = event.value
        if event.style == '"':
            m = limits.bad_char(value)
            if m:
                line = _line(event)
                raise BillError(f"{limits.describe(m.group())} is not allowed in input", file, line)
        return value
    line = _line(event)
    construct = _SCALARS.get(tag)
    if construct is None:
        raise BillError(f"the tag {event.tag!r} is not allowed; write plain values", file, line)
    if tag == _INT_TAG and sum(c.isdigit() for c in event.value) > limits.MAX_INT_DIGITS:
        raise BillError(f"this number has more than {limits.MAX_INT_DIGITS} digits", file, line)
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    # Called directly, not through construct_object, which would keep every node in its cache.
    try:
        value = construct(_LOADER, node)
    except (ValueError, OverflowError) as exc:  # 2024-13-45 looks like a date and is none
        raise BillError(f"{event.value!r} is not a valid value: {exc}", file, line) from None
    if isinstance(value, str):
        m = limits.bad_char(value)
        if m:
            raise BillError(f"{limits.describe(m.group())} is not allowed in input", file, line)
    return value


def _build(events, file: str) -> YamlDoc:
    lines: dict[Path_, int] = {}
    stack: list[_Frame] = []
    root = _NO_KEY
    documents = 0

    def place(value, line: int) -> object:
        """Put a finished value where it belongs; returns the path it got."""
        nonlocal root
        if not stack:
            root = value
            lines[()] = line
            return ()
        top = stack[-1]
        if not top.is_map:
            path = top.path + (len(top.container),)
            top.container.append(value)
            lines[path] = line
            return path
        if top.key is _NO_KEY:
            if not isinstance(value, str | int | bool | float):
                raise BillError(f"a key must be a plain word, not {value!r}", file, line)
            if value in top.container:
                raise BillError(f"key {value!r} appears twice in the same mapping", file, line)
            top.key, top.key_line = value, line
            return None
        path = top.path + (top.key,)
        top.container[top.key] = value
        lines[path] = top.key_line
        top.key = _NO_KEY
        return path

    for event in events:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.anchor is not None:
                raise BillError(
                    "anchors (&name) and aliases (*name) are not allowed: write the value out",
                    file,
                    _line(event),
                )
            place(_scalar(event, file), _line(event))
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            line = _line(event)
            if event.anchor is not None:
                raise BillError(
                    "anchors (&name) and aliases (*name) are not allowed: write the value out",
                    file,
                    line,
                )
            if event.tag not in _PLAIN_TAGS and event.tag != _STD_TAGS[kind]:
                raise BillError(
                    f"the tag {event.tag!r} is not allowed; write plain values", file, line
                )
            if len(stack) >= limits.MAX_DEPTH:
                raise BillError(f"nested more than {limits.MAX_DEPTH} levels deep", file, line)
            if stack and stack[-1].is_map and stack[-1].key is _NO_KEY:
                raise BillError("a key must be a plain word, not a list or mapping", file, line)
            is_map = kind is yaml.MappingStartEvent
            container: dict | list = {} if is_map else []
            path = place(container, line)
            stack.append(_Frame(container, path, is_map))
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
        elif kind is yaml.AliasEvent:
            raise BillError(
                "aliases (*name) are not allowed: write the value out", file, _line(event)
            )
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise BillError(
                    "this file holds more than one YAML document (a second ---)",
                    file,
                    _line(event),
                )
    return YamlDoc(file, None if root is _NO_KEY else root, lines)


def _mark_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark else None


def _yaml_error(exc: yaml.YAMLError, file: str, text: str) -> BillError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "malformed YAML"
        return BillError(f"this is not valid YAML: {problem}", file, line)
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1 if exc.position <= len(text) else None
        return BillError(f"this is not valid YAML: {exc.reason}", file, line)
    return BillError(f"this is not valid YAML: {exc}", file)


def parse_yaml(text: str, file: str) -> YamlDoc:
    limits.check_size(len(text), file)  # characters: at most the bytes
    m = limits.bad_char(text)
    if m:
        line = text.count("\n", 0, m.start()) + 1
        raise BillError(f"{limits.describe(m.group())} is not allowed in input", file, line)
    if _FAST_PARSER is not None:
        try:
            return _build(yaml.parse(text, Loader=_FAST_PARSER), file)
        except yaml.YAMLError as exc:
            # libyaml stops at 1,000 levels; the pure-Python scanner would take seconds to
            # reach the same point, so this one is reported as it is.
            if "nesting depth" in str(exc):
                raise BillError(
                    f"nested more than {limits.MAX_DEPTH} levels deep", file, _mark_line(exc)
                ) from None
            # Otherwise the pure-Python parser words its errors better: let it report this one.
    try:
        return _build(yaml.parse(text, Loader=yaml.SafeLoader), file)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, file, text) from None
    except RecursionError:
        raise BillError(f"nested more than {limits.MAX_DEPTH} levels deep", file) from None


def read_source(path: Path, display: str, *, follow: bool = True) -> tuple[bytes, str]:
    """A YAML file's bytes and text, bounded and UTF-8, its refusals as BillError."""
    try:
        raw = limits.read_bounded(Path(path), display, follow=follow)
        return raw, limits.decode_utf8(raw, display)
    except InputFileError as exc:
        raise BillError(exc.message, exc.file, exc.line) from None


def read_yaml(path: Path, display: str | None = None, *, follow: bool = True) -> YamlDoc:
    """follow=False refuses a symbolic link: for files of a template folder."""
    display = display or str(path)
    return parse_yaml(read_source(path, display, follow=follow)[1], display)


class _NoAliasDumper(yaml.SafeDumper):
    """Writes a value shared between two places out twice: the reader refuses aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def dump_yaml(data, **kwargs) -> str:
    """YAML text that read_yaml reads back: no anchors or aliases, Unicode as is."""
    kwargs.setdefault("allow_unicode", True)
    return yaml.dump(data, Dumper=_NoAliasDumper, **kwargs)
