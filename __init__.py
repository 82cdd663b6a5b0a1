"""clausewise: draft bills from bilingual clause templates, compare them with reference laws,
review their changes.

The repository root is this package (see pyproject.toml): `clausewise.drafts`,
`clausewise.compare`, `clausewise.templates` and `clausewise.cli`.
"""

# The one place the version is written: pyproject.toml reads it from here (setuptools'
# dynamic version), so that no command imports importlib.metadata, and with it the email
# package, to print it in a report: 20-30 ms of every HTML page's run.
__version__ = "0.1.0"
