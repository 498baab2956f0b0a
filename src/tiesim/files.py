"""Paths the user names, and files written whole.

:func:`user_path` turns a path from a config, a command-line flag or the Python API into a
:class:`~pathlib.Path` the same way everywhere: a leading ``~`` is expanded to the home folder
(as a shell would, and as pandas does when it writes), and a path no file system can hold (a
NUL character, a name over 255 bytes, a path over the system's limit) is refused with one
line naming it.  :func:`check_folder_path` also refuses a folder to be created below a file.

:func:`replacing` writes a file under a temporary name beside it and renames it over the
target, so a reader never sees half a file, and a symbolic link at the target is replaced by
the new file rather than written through (the link's target is never touched).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from tiesim.errors import TiesimError, shorten

NAME_MAX = 255  # bytes in one file name: ext4, XFS, btrfs, APFS, NTFS
PATH_MAX = 4096  # bytes in a whole path on Linux (smaller elsewhere: asked of the system)


def path_problem(text: str) -> str | None:
    """What makes ``text`` a path no file system can hold, or None.

    Examples
    --------
    >>> path_problem("results/quickstart") is None
    True
    >>> path_problem("a" * 300)
    'a file or folder name may be at most 255 bytes (one is 300)'
    """
    if not text:
        return "a path cannot be empty"
    if "\0" in text:
        return "a path cannot hold a NUL character"
    raw = os.fsencode(text)
    longest = max(len(part) for part in raw.split(b"/"))
    if longest > NAME_MAX:
        return f"a file or folder name may be at most {NAME_MAX} bytes (one is {longest})"
    if len(raw) >= PATH_MAX:
        return f"a path may be at most {PATH_MAX - 1} bytes (this one is {len(raw)})"
    return None


def user_path(value: str | os.PathLike[str], what: str) -> Path:
    """``value`` as a path: ``~`` expanded, refused if no file system could hold it.

    Parameters
    ----------
    value : str or path
        The path as the user gave it.
    what : str
        How the message names it, e.g. ``"--out"`` or ``"config file"``.

    Raises
    ------
    TiesimError
        If the path is empty, holds a NUL character, or has a name or a length over the limits.
    """
    text = os.fspath(value)
    if not isinstance(text, str):
        text = os.fsdecode(text)
    problem = path_problem(text)
    path = Path(os.path.expanduser(text)) if problem is None else None
    if path is not None:
        problem = path_problem(str(path.absolute())) or _system_limit(path)
    if problem is not None:
        raise TiesimError(f"{what} {shown_path(text)}: {problem}")
    return path


def shown_path(path: str | os.PathLike[str]) -> str:
    """A path quoted for a message, shortened in the middle if it is long."""
    return f"'{shorten(os.fsdecode(os.fspath(path)), 120)}'"


def check_folder_path(path: Path, what: str) -> None:
    """Refuse a folder to create at ``path`` when ``path`` or a folder above it is a file.

    Raises
    ------
    TiesimError
        Naming the file that is in the way.
    """
    for place in (path, *path.parents):
        try:
            if place.is_dir():
                return
            if place.exists() or place.is_symlink():
                where = "" if place == path else f" goes through {shown_path(place)}, which"
                raise TiesimError(f"{what} {shown_path(path)}{where} is not a folder")
        except OSError as exc:
            raise TiesimError(f"{what} {shown_path(path)} cannot be used: {_reason(exc)}") from None


_TEMPORARY = re.compile(r"\.(.+)\.tmp-(\d+)")


def temporary_name(name: str, pid: int) -> str:
    """The name of process ``pid``'s temporary file for ``name``: ``.<name>.tmp-<pid>``."""
    return f".{name}.tmp-{pid}"


def temporary_of(name: str) -> tuple[str, int] | None:
    """``(name, pid)`` if ``name`` is a temporary file's name (:func:`temporary_name`), or None.

    Examples
    --------
    >>> temporary_of(temporary_name("metrics.parquet", 42)), temporary_of("metrics.parquet")
    (('metrics.parquet', 42), None)
    """
    match = _TEMPORARY.fullmatch(name)
    return None if match is None else (match[1], int(match[2]))


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary sibling of ``path`` to write; on success rename it over ``path``.

    The temporary file is ``.<name>.tmp-<pid>`` (:func:`temporary_name`); it is removed if
    writing fails.  A symbolic link at ``path`` is replaced, never written through.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "note.txt"
    >>> with replacing(target) as tmp:
    ...     _ = tmp.write_text("whole")
    >>> target.read_text()
    'whole'
    """
    tmp = path.with_name(temporary_name(path.name, os.getpid()))
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` whole, replacing a symbolic link there."""
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _system_limit(path: Path) -> str | None:
    """The system's own limits, asked of the nearest existing folder (where it can say)."""
    place = path.absolute()
    while not place.exists() and place != place.parent:
        place = place.parent
    try:
        name_max = os.pathconf(place, "PC_NAME_MAX")
        path_max = os.pathconf(place, "PC_PATH_MAX")
    except (AttributeError, OSError, ValueError):
        return None
    raw = os.fsencode(str(path.absolute()))
    longest = max(len(part) for part in raw.split(b"/"))
    if 0 < name_max < longest:
        return f"a file or folder name may be at most {name_max} bytes here (one is {longest})"
    if 0 < path_max <= len(raw):
        return f"a path may be at most {path_max - 1} bytes here (this one is {len(raw)})"
    return None


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
