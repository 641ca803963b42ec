"""Exceptions and warnings that textkit raises.

Every error names what the user has to look at (a file, a line, a parameter)
and what was expected, so that the command line and the notebooks can show it
without a traceback.  The more specific classes below all derive from
:class:`CorpusFileError` (catch that one to handle any bad corpus file).
"""

from __future__ import annotations

from os import PathLike


class TextkitError(Exception):
    """Base class of every error textkit raises on purpose."""


class CorpusFileError(TextkitError):
    """A corpus file cannot be read or does not have the expected structure.

    Parameters
    ----------
    path : str or PathLike
        The file at fault.
    problem : str
        What is wrong and, where possible, what to do about it.
    line : int, optional
        1-based line number inside the file (or row number: see ``unit``).
    unit : str, default "line"
        What ``line`` counts: ``"row"`` for a spreadsheet's rows or a Parquet file's records.
    """

    def __init__(self, path: str | PathLike[str], problem: str, *, line: int | None = None, unit: str = "line"):
        self.path = str(path)
        self.problem = problem
        self.line = line
        self.unit = unit
        where = f"{self.path}, {unit} {line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


class EmptyFileError(CorpusFileError):
    """A corpus file holds nothing but whitespace."""


class BinaryFileError(CorpusFileError):
    """A corpus file is binary (an image, an archive, a document format) or in an encoding textkit cannot read."""


class MissingColumnError(CorpusFileError):
    """A named column (``text_column``, ``id_column``…) is not in the file; the message lists the columns there are."""


class MalformedRecordError(CorpusFileError):
    """A record of a table-like file cannot be read (bad JSON, a row with too many fields, a duplicate id…)."""


class ParameterError(TextkitError, ValueError):
    """A parameter has a value textkit cannot work with."""


class ClusterError(TextkitError):
    """A Dask cluster cannot be used: its scheduler cannot be reached, or a worker runs other versions than this process."""


class WorkerError(TextkitError):
    """A task failed on a worker; the message names the stage and the shard (out of memory, a worker that died, an error)."""


class TextkitWarning(UserWarning):
    """Base class of the warnings textkit gives when it handles bad input itself."""


class EmptyDocumentsWarning(TextkitWarning):
    """Some documents were empty after reading and were left out (they are listed)."""


class ControlCharactersWarning(TextkitWarning):
    """Stray control characters (NUL bytes and the like) were removed from a text file; the count and lines are given."""


class DateWarning(TextkitWarning):
    """Some documents have an empty or unparseable date; they are kept without one (the count and first lines are given)."""


def show_warnings_plainly() -> None:
    """Show textkit's own warnings as ``DateWarning: message``, without the path of textkit's source file.

    Python prefixes a warning with the file and line that raised it: for
    textkit's warnings that is a path inside the installed package, which
    says nothing to the reader and would carry the machine's folders into
    executed notebooks and reports.  ``textkit run`` calls this in every
    kernel it starts; other warnings keep Python's format.  Calling it again
    changes nothing.

    Examples
    --------
    >>> import warnings
    >>> show_warnings_plainly()
    >>> warnings.formatwarning("2 dates could not be read", DateWarning, "/site-packages/textkit/corpus/load.py", 1)
    'DateWarning: 2 dates could not be read\\n'
    """
    import warnings

    current = warnings.formatwarning
    if getattr(current, "_textkit_plain", False):
        return

    def formatwarning(message, category, filename, lineno, line=None):
        if isinstance(category, type) and issubclass(category, TextkitWarning):
            return f"{category.__name__}: {message}\n"
        return current(message, category, filename, lineno, line)

    formatwarning._textkit_plain = True
    warnings.formatwarning = formatwarning
