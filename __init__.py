"""clausewise: draft bills from bilingual clause templates, compare them with reference laws,
review their changes.

The repository root is this package (see pyproject.toml): `clausewise.drafts`,
`clausewise.compare`, `clausewise.templates` and `clausewise.cli`.
"""

from functools import cache


@cache
def _version() -> str:
    # importlib.metadata pulls in the email package: tens of milliseconds that a command
    # pays only when it writes the version (--version, an HTML page, a download's agent).
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("clausewise")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    # `clausewise.__version__` and `from clausewise import __version__`, computed when asked.
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
