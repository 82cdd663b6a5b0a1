"""The one error a corpus file raises: it names the file, the line where there is one, and why."""

from __future__ import annotations

from ...drafts.errors import InputFileError


class CorpusError(InputFileError):
    """A reference-law file that cannot be read: missing, malformed, unsafe or of unknown format.

    An InputFileError (so a ClausewiseError), so that the CLI prints it as one message and exits
    with status 2 like any other bad input.
    """
