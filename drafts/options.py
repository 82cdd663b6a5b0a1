"""Policy options: the schema a clause library declares (options.yaml) and a bill's choices.

Every option has a type (choice, set, bool, int), its allowed values and a default; an
unknown option or value is an error that lists what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import BillError
from .yamlsource import YamlDoc

TYPES = ("choice", "set", "bool", "int")


@dataclass
class OptionSpec:
    """One option a bill file may set, as a template folder's options.yaml declares it."""

    name: str
    type: str
    default: object = None
    choices: list = field(default_factory=list)
    min: int | None = None
    max: int | None = None
    nullable: bool = False
    help: str = ""


def parse_schema(doc: YamlDoc) -> dict[str, OptionSpec]:
    if not isinstance(doc.data, dict):
        raise doc.error("an options schema must be a mapping of option names")
    specs = {}
    known = {"type", "default", "choices", "min", "max", "nullable", "help"}
    for name, raw in doc.data.items():
        if not isinstance(raw, dict):
            raise doc.error(f"option {name!r} must be a mapping", name)
        extra = set(raw) - known
        if extra:
            raise doc.error(f"option {name!r} has unknown key(s) {sorted(extra)}", name)
        if raw.get("type") not in TYPES:
            raise doc.error(f"option {name!r}: type must be one of {', '.join(TYPES)}", name)
        for key in ("min", "max"):
            value = raw.get(key)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise doc.error(f"option {name!r}: {key!r} must be a whole number", name, key)
        choices = raw.get("choices")
        if choices is not None and (
            not isinstance(choices, list)
            or not all(isinstance(c, str | int) and not isinstance(c, bool) for c in choices)
        ):
            raise doc.error(f"option {name!r}: 'choices' must be a list of values", name, "choices")
        if not isinstance(raw.get("nullable", False), bool):
            raise doc.error(f"option {name!r}: 'nullable' must be true or false", name, "nullable")
        if not isinstance(raw.get("help", ""), str):
            raise doc.error(f"option {name!r}: 'help' must be text", name, "help")
        spec = OptionSpec(
            name=name,
            type=raw["type"],
            choices=list(raw.get("choices") or []),
            min=raw.get("min"),
            max=raw.get("max"),
            nullable=bool(raw.get("nullable", False)),
            help=raw.get("help", ""),
        )
        spec.default = check_value(spec, raw.get("default"), doc, (name, "default"))
        specs[name] = spec
    return specs


def _allowed(spec: OptionSpec) -> str:
    if spec.type in ("choice", "set"):
        vals = ", ".join(str(c) for c in spec.choices)
        if spec.type == "choice":
            return f"one of: {vals}"
        least = f" (at least {spec.min})" if spec.min else ""
        return f"a list of: {vals}{least}"
    if spec.type == "bool":
        return "true or false"
    lo = "" if spec.min is None else f" from {spec.min}"
    hi = "" if spec.max is None else f" to {spec.max}"
    return f"a whole number{lo}{hi}"


def check_value(spec: OptionSpec, value, doc: YamlDoc, path: tuple):
    def bad(why: str) -> BillError:
        null = " (or null)" if spec.nullable else ""
        return doc.error(f"option {spec.name!r}: {why}; allowed: {_allowed(spec)}{null}", *path)

    if value is None:
        if spec.nullable:
            return None
        raise bad("a value is required")
    if spec.type == "choice":
        if value not in spec.choices:
            raise bad(f"{value!r} is not an allowed value")
        return value
    if spec.type == "set":
        if not isinstance(value, list):
            raise bad(f"{value!r} is not a list")
        for i, v in enumerate(value):
            if v not in spec.choices:
                raise doc.error(
                    f"option {spec.name!r}: {v!r} is not an allowed value; "
                    f"allowed: {_allowed(spec)}",
                    *path,
                    i,
                )
        if len(set(value)) != len(value):
            raise bad("a value is listed twice")
        if spec.min is not None and len(value) < spec.min:
            raise bad(f"choose at least {spec.min}")
        # Keep the schema's order so the text does not depend on how the list was typed.
        return [c for c in spec.choices if c in value]
    if spec.type == "bool":
        if not isinstance(value, bool):
            raise bad(f"{value!r} is not true or false")
        return value
    if not isinstance(value, int) or isinstance(value, bool):
        raise bad(f"{value!r} is not a whole number")
    if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
        raise bad(f"{value} is out of range")
    return value


def resolve(schema: dict[str, OptionSpec], doc: YamlDoc, path: tuple = ("options",)) -> dict:
    """The bill's options merged over the defaults, each value checked."""
    given = doc.data.get("options") if isinstance(doc.data, dict) else None
    given = given or {}
    if not isinstance(given, dict):
        raise doc.error("'options' must be a mapping of option names to values", *path)
    unknown = [k for k in given if k not in schema]
    if unknown:
        raise doc.error(
            f"unknown option {unknown[0]!r}; the options are: {', '.join(sorted(schema))}",
            *path,
            unknown[0],
        )
    out = {}
    for name, spec in schema.items():
        if name in given:
            out[name] = check_value(spec, given[name], doc, path + (name,))
        else:
            out[name] = spec.default
    return out
