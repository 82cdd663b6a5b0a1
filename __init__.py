"""clausewise: draft bills from bilingual clause templates, compare them with reference laws,
review their changes.

The repository root is this package (see pyproject.toml): `clausewise.drafts`,
`clausewise.compare`, `clausewise.templates` and `clausewise.cli`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("clausewise")
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"
