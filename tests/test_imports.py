"""Every module of tiesim imports on its own, as the first tiesim module a program imports."""

from __future__ import annotations

import subprocess
import sys

# In one fresh process: for each module, forget every tiesim module loaded so far, import it.
SCRIPT = """
import importlib, pkgutil, sys, tiesim
names = sorted(
    m.name for m in pkgutil.walk_packages(tiesim.__path__, "tiesim.")
    if not m.name.endswith("__main__")
)
failed = []
for name in names:
    for loaded in [k for k in sys.modules if k == "tiesim" or k.startswith("tiesim.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception as error:
        failed.append(f"{name}: {error!r}")
print(len(names))
print("\\n".join(failed))
"""


def test_every_module_imports_first():
    """``import tiesim.model.networking`` in a fresh notebook failed: a circular import through
    ``tiesim.engines``, which imported the array engine, which imports that module."""
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert int(out[0]) > 50  # the package's modules were found
    assert [line for line in out[1:] if line] == []
