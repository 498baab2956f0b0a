"""Run replications and write their files: what ``tiesim replicate`` calls.

Bad input (an unknown name, an unusable folder) is refused before anything runs or is
written, as a :class:`~tiesim.errors.TiesimError` with one line the user can act on.
"""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tiesim.errors import TiesimError, shown
from tiesim.files import check_folder_path, user_path
from tiesim.replications import REPLICATIONS
from tiesim.replications.core import Outcome

#: Default folder: one subfolder per replication below it.
DEFAULT_OUT = Path("results") / "replications"


@dataclass
class Written:
    """A replication that ran: its outcome, the folder its files went to, and its wall time."""

    outcome: Outcome
    folder: Path
    files: list[Path]
    seconds: float


def check_name(name: str) -> str:
    """``name`` if it is a registered replication, else a one-line error listing them."""
    if name not in REPLICATIONS:
        raise TiesimError(
            f"no replication named {shown(name)}; choose one of {', '.join(REPLICATIONS)} "
            "(or run 'tiesim replicate' to list them)"
        )
    return name


def out_folder(out: str | os.PathLike[str] | None, name: str | None = None) -> Path:
    """The folder to write into: ``out`` (checked), or ``results/replications[/NAME]``."""
    if out is None:
        path = DEFAULT_OUT / name if name is not None else DEFAULT_OUT
    else:
        path = user_path(out, "--out")
    check_folder_path(path, "--out")
    return path


def replicate(name: str, *, quick: bool = False) -> Outcome:
    """Run the replication ``name`` and return its outcome (nothing is written)."""
    module = importlib.import_module(f"tiesim.replications.{check_name(name)}")
    return module.replicate(quick=quick)


def run_replication(
    name: str, *, quick: bool = False, out: str | os.PathLike[str] | None = None
) -> Written:
    """Run ``name`` and write its table, data and figure into ``out`` (default below).

    Parameters
    ----------
    name : str
        A key of :data:`tiesim.replications.REPLICATIONS`.
    quick : bool
        Small sizes (seconds), for smoke tests; verdicts are looser (see each page).
    out : path, optional
        The folder for the files; default ``results/replications/NAME``.

    Raises
    ------
    TiesimError
        For an unknown name or an unusable folder, before anything runs.
    """
    folder = out_folder(out, check_name(name))
    start = time.perf_counter()
    outcome = replicate(name, quick=quick)
    seconds = time.perf_counter() - start
    from tiesim.replications.output import write_outcome

    return Written(outcome, folder, write_outcome(outcome, folder), seconds)


def run_all(
    *, quick: bool = False, out: str | os.PathLike[str] | None = None, names: Sequence[str] = ()
) -> list[Written]:
    """Run every replication (or those in ``names``), each into ``out/NAME``.

    The combined verdict table is written to ``out/verdicts.txt``, ``.md`` and ``.csv``.
    """
    names = [check_name(n) for n in names] or list(REPLICATIONS)
    folder = out_folder(out)
    written = [run_replication(n, quick=quick, out=folder / n) for n in names]
    from tiesim.replications.output import write_verdicts

    write_verdicts([w.outcome for w in written], folder)
    return written
