"""Jinja2 as clausewise runs it: an immutable sandbox reading templates from one folder only.

Clause templates and a bill file's `when:` expressions may come from a pull request, so
nothing in them may run code or read outside the template folder:
- every environment is a `jinja2.sandbox.ImmutableSandboxedEnvironment` (no attribute that
  starts with an underscore, no method that mutates, no `str.format` escape), with Jinja's
  default globals removed (`cycler`, `joiner`, `lipsum`, `namespace`, `range`, `dict`):
  a template sees only the helpers templates/README.md documents;
- repetition (`'x' * n`, `n ** m`) is bounded, so a template cannot allocate gigabytes;
- the loader refuses a template name that climbs out (`..`, an absolute path) and any
  symbolic link on the way to the file, and opens the file without following links, so an
  `{% include %}` of a link to `.git/config` is refused, not rendered into a redline;
- a template may not hold NUL, other control characters or the renderer's token brackets.
"""

from __future__ import annotations

import contextlib
import os
import stat
import types
from pathlib import Path

import jinja2
import jinja2.bccache
from jinja2.environment import TemplateExpression, TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.runtime import Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing

from . import limits

# The longest string or list a template may build by repetition.
MAX_REPEAT = 1_000_000


class UnsafeTemplate(SecurityError):
    """A template the loader refuses to read: a link, a path out of the folder, bad bytes."""


def _same_values(a: dict | None, b: dict | None) -> bool:
    """The same names bound to the very same objects (1 == True, but they print apart)."""
    a, b = a or {}, b or {}
    if len(a) != len(b):
        return False
    gone = object()
    return all(b.get(k, gone) is v for k, v in a.items())


class _Template(jinja2.Template):
    def make_module(self, vars=None, shared=False, locals=None):
        """Every article imports the library of macros `with context` (templates/README.md),
        and Jinja runs the library again for each: a sixteenth of rendering a bill. Where
        the environment's globals are final, the module made last is given again if the
        import sees the very same objects under the same names, and making it called none
        of our helpers (which record what they were called for). A module is only read
        from: the sandbox lets no template change a value, and ours change none."""
        env = self.environment
        if not getattr(env, "_final", False):
            return super().make_module(vars, shared, locals)
        # Jinja passes the template's variables not yet set as `missing`, and leaves them out.
        locals = {k: v for k, v in (locals or {}).items() if v is not missing}
        last = self.__dict__.get("_clausewise_module")
        if (
            last is not None
            and last[0] == shared
            and _same_values(last[1], vars)
            and _same_values(last[2], locals)
        ):
            return last[3]
        calls = env._helper_calls
        module = super().make_module(vars, shared, locals)
        if env._helper_calls == calls:
            self._clausewise_module = (shared, dict(vars or {}), locals, module)
        else:
            self.__dict__.pop("_clausewise_module", None)
        return module


class Sandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})
    template_class = _Template

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._trusted: dict[int, types.FunctionType] = {}
        self._final = False
        self._helper_calls = 0  # calls of trusted functions: see _Template.make_module

    def trust(self, functions) -> None:
        """Let templates call these functions of ours directly: `call` then skips the checks
        meant for what a template reaches (a format method, an object marked unsafe) and
        Jinja's context wrapper, a fifth of rendering a bill spent on the helper calls."""
        for fn in functions:
            if not isinstance(fn, types.FunctionType) or hasattr(fn, "jinja_pass_arg"):
                raise TypeError(f"{fn!r}: only plain functions are called directly")
            self._trusted[id(fn)] = fn

    def finalise_globals(self) -> None:
        """Declare the environment's globals final: each template then gets a plain copy of
        them, not a ChainMap over them that Jinja flattens again on every render and every
        import of a template (a twentieth of rendering a bill). A global changed after this
        is not seen by a template loaded before the change."""
        self._final = True

    def make_globals(self, d):
        if self._final:
            return {**self.globals, **d} if d else dict(self.globals)
        return super().make_globals(d)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        # A template's own macro is as safe to call as our helpers: it has no attribute
        # marking it unsafe (templates cannot set one) and takes no context argument.
        trusted = __self._trusted.get(id(__obj)) is __obj
        if trusted or type(__obj) is Macro:
            __self._helper_calls += trusted
            # What Context.call does for a function that takes no context.
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
            try:
                return __obj(*args, **kwargs)
            except StopIteration:
                return __self.undefined(
                    "value was undefined because a callable raised a StopIteration exception"
                )
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj, attribute):
        # `m.name` of an imported module of macros, a few times in every line of a clause:
        # its names are its own (the class has none without an underscore), it is no
        # internal or mutable object, so Jinja's checks pass for any name without "_".
        if type(obj) is TemplateModule and type(attribute) is str and attribute[:1] != "_":
            value = obj.__dict__.get(attribute, missing)
            if value is not missing and self.wrap_str_format(value) is None:
                return value
        return super().getattr(obj, attribute)

    def call_binop(self, context, operator, left, right):
        if operator == "**":
            if isinstance(right, int) and abs(right) > 64:
                raise SecurityError(f"the power {right} is too large")
            return left**right
        for seq, times in ((left, right), (right, left)):
            is_seq = isinstance(seq, str | list | tuple) and isinstance(times, int)
            if is_seq and times * len(seq) > MAX_REPEAT:
                raise SecurityError("the repetition would make a value too large")
        return left * right


def _open_nofollow(path: str) -> tuple[bytes, float]:
    """The file's bytes and modification time, the file opened without following a link."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeTemplate(f"{path} is not a regular file")
        data = limits.read_at_most(fd, limits.max_input(), st.st_size)
    finally:
        os.close(fd)
    limits.check_size(len(data), path)
    return data, st.st_mtime


# How many sources FolderLoader keeps: an article's template and what it imports.
_RECENT = 4


class FolderLoader(jinja2.BaseLoader):
    """Templates of one folder, by relative name; no links, nothing outside the folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._real_root: Path | None = None  # the folder's real path, found on first use
        self._inside = ""  # that path and a separator: what the real path of a template starts with
        # The last few sources read, by template name: the renderer maps a rendered line
        # back to its template line with them (drafts/render.py), without reading again.
        self._recent: dict[str, str] = {}

    def resolve(self, name: str) -> Path:
        return Path(self._resolve(name))

    def _resolve(self, name: str) -> str:
        parts = name.replace("\\", "/").split("/")
        if name.startswith("/") or os.path.isabs(name) or any(p in ("", ".", "..") for p in parts):
            raise UnsafeTemplate(
                f"template name {name!r} is refused: it must be a relative path inside "
                f"{self.root}, without '..'"
            )
        # Plain strings, not pathlib, on the way down: a bill's templates are resolved once
        # each per render, and a 5,000-article bill has 5,000 of them. The path comes out as
        # Path would write it (no "./" in front), for the file names in messages.
        path = "" if str(self.root) == "." else str(self.root)
        for part in parts:
            path = os.path.join(path, part)
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                raise jinja2.TemplateNotFound(name) from None
            except OSError as exc:
                raise UnsafeTemplate(f"cannot read template {name!r}: {exc.strerror}") from None
            if stat.S_ISLNK(mode):
                raise UnsafeTemplate(
                    f"template {name!r} is refused: {Path(path)} is a symbolic link, and "
                    "templates are read only from regular files inside the template folder"
                )
        if self._real_root is None:
            self._real_root = self.root.resolve()
            # is_relative_to as a string test: realpath gives a normalised absolute path.
            self._inside = str(self._real_root).rstrip(os.sep) + os.sep
        real = os.path.realpath(path)
        if not (real.startswith(self._inside) or real == str(self._real_root)):
            raise UnsafeTemplate(f"template {name!r} is refused: it lies outside {self._real_root}")
        return path

    def get_source(self, environment, template: str):
        # A plain string, which Path would give back unchanged: the parts were checked above.
        path = self._resolve(template)
        try:
            data, mtime = _open_nofollow(path)
        except OSError as exc:
            raise UnsafeTemplate(f"cannot read template {template!r}: {exc.strerror}") from None
        except limits.InputFileError as exc:
            raise UnsafeTemplate(str(exc)) from None
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise jinja2.TemplateSyntaxError(
                "the file is not UTF-8 text", line, template, path
            ) from None
        m = limits.bad_char_utf8(data, source)
        if m:
            line = source.count("\n", 0, m.start()) + 1
            raise jinja2.TemplateSyntaxError(
                f"{limits.describe(m.group())} is not allowed in a template",
                line,
                template,
                path,
            )
        self._recent[template] = source
        if len(self._recent) > _RECENT:
            del self._recent[next(iter(self._recent))]

        def uptodate() -> bool:
            try:
                return os.stat(path).st_mtime == mtime
            except OSError:
                return False

        return source, path, uptodate

    def recent_source(self, template: str) -> str | None:
        """The source of a template read a moment ago (one of the last few), or None."""
        return self._recent.get(template)

    def list_templates(self) -> list[str]:
        return sorted(p.name for p in self.root.glob("*.j2") if not p.is_symlink())


def sandboxed(loader: jinja2.BaseLoader | None = None, **options) -> Sandbox:
    """An immutable sandbox with no globals but the ones the caller adds."""
    env = Sandbox(loader=loader, **options)
    env.globals.clear()
    return env


class _BytecodeFiles(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, read as strictly as our other caches: an
    entry is used only if it starts with Jinja's magic and the pickled checksum of the
    template's source as this run computes it (compared as bytes: nothing in the file is
    unpickled), and an unreadable, truncated or corrupt entry is a miss, compiled again. A
    write that fails only costs the next run the compiling."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        import marshal
        import pickle

        try:
            fd = os.open(self._get_cache_filename(bucket), os.O_RDONLY)
        except OSError:
            return
        try:
            data = limits.read_at_most(fd, limits.max_input(), os.fstat(fd).st_size)
        except OSError:
            return
        finally:
            os.close(fd)
        head = jinja2.bccache.bc_magic + pickle.dumps(bucket.checksum, 2)
        if not data.startswith(head):
            return
        try:
            code = marshal.loads(data[len(head) :])
        except (EOFError, ValueError, TypeError):
            return
        if isinstance(code, types.CodeType):
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates cached between runs: compiling is most of a small build's time,
    and a twentieth of a `compare` of the default bill (its report templates).

    Jinja keys the cache by template name and file, and checks a checksum of the source, so
    an edited template is compiled afresh. No cache where the user cache folder is not
    writable, or with CLAUSEWISE_NO_CACHE=1.
    """
    from . import cachefiles

    if not cachefiles.enabled():
        return None
    # Its own folder: code compiled by an unsandboxed environment of an older release must
    # not be loaded into the sandbox.
    folder = cachefiles.user_cache() / "jinja-sandbox"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _BytecodeFiles(str(folder)) if os.access(folder, os.W_OK) else None


class _ExpressionSandbox(Sandbox):
    """expression_env's sandbox: it keeps the code of the expression it compiled last, for
    the bytecode cache (compile_expression hands back only the callable)."""

    code: types.CodeType | None = None

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        code = super().compile(source, name, filename, raw, defer_init)
        self.code = code if isinstance(code, types.CodeType) else None
        return code


def expression_env() -> Sandbox:
    """For a bill file's `when:` expressions: the options and nothing else."""
    env = _ExpressionSandbox(undefined=jinja2.StrictUndefined)
    env.globals.clear()
    return env


# The name an expression's code is kept under in the bytecode cache, before its text. The
# code Jinja generates depends on the environment's options: a change to expression_env's
# must change this name.
_EXPRESSION_KEY = "clausewise expression 1: "


def compile_expression(
    env: Sandbox, source: str, cache: jinja2.BytecodeCache | None
) -> TemplateExpression:
    """env.compile_expression(source, undefined_to_none=False) for an env of expression_env,
    its code kept between runs in the bytecode cache: compiling costs some 2.7 M
    instructions an expression, a dozen of them a bill, at every command that renders it.

    An entry is read as strictly as a template's (_BytecodeFiles: this very text's checksum,
    a code object, else a miss) and written only for an expression that compiled, so one
    that does not compile fails as it always did, with the same message."""
    if cache is None or not isinstance(env, _ExpressionSandbox):
        return env.compile_expression(source, undefined_to_none=False)
    bucket = cache.get_bucket(env, _EXPRESSION_KEY + source, None, source)
    if bucket.code is not None:
        # As compile_expression makes it (Environment.from_string, then the callable).
        template = env.template_class.from_code(env, bucket.code, env.make_globals(None), None)
        return TemplateExpression(template, False)
    env.code = None
    expr = env.compile_expression(source, undefined_to_none=False)
    if env.code is not None:
        bucket.code = env.code
        cache.set_bucket(bucket)
    return expr
