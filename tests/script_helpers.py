"""Several script commands run in one child process, as ``python SCRIPT ARGS`` runs each.

A script's child process spends two to four seconds starting Python, importing tiesim and
loading the cached kernels before it does anything; the tests that run a script on every
shipped config (or every lesson) pay that once instead of once per command.  Each command
still runs as ``__main__`` with its own ``sys.argv``, the script's folder first on
``sys.path`` and its own stdout and stderr, and gives its own exit code.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

RUN_EACH = """
import contextlib, io, json, os, runpy, sys, traceback
done = []
for script, *args in json.loads(sys.argv[1]):
    sys.argv = [script, *args]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    out, err, code = io.StringIO(), io.StringIO(), 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            runpy.run_path(script, run_name="__main__")
        except SystemExit as stop:
            if not isinstance(stop.code, int | None):
                print(stop.code, file=sys.stderr)
            code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
        except Exception:
            traceback.print_exc()
            code = 1
    del sys.path[0]
    done.append({"code": code, "out": out.getvalue(), "err": err.getvalue()})
print(json.dumps(done))
"""


def run_each(commands: list[list[str]], cwd: Path) -> list[dict]:
    """Each ``[SCRIPT, *ARGS]`` of ``commands`` in turn, in one child Python in ``cwd``: for
    each, ``{"code": exit code, "out": its stdout, "err": its stderr}``."""
    proc = subprocess.run(
        [sys.executable, "-c", RUN_EACH, json.dumps(commands)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300 + 60 * len(commands),
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


def selected(request, test: str, param: str) -> list:
    """The values of parameter ``param`` of the selected tests named ``test`` (in the order
    they run), so that a fixture shared by them runs only what is asked for."""
    return [
        item.callspec.params[param]
        for item in request.session.items
        if getattr(item, "originalname", None) == test
    ]
