"""Which array-engine backend runs: compiled kernels (numba) or plain numpy.

Both backends give identical results; numba is optional (``pip install tiesim[fast]``).
``"auto"`` picks numba when it can be imported, unless the environment variable
``TIESIM_ARRAY_BACKEND`` names a backend.
"""

from __future__ import annotations

import importlib.util
import os
from functools import cache
from typing import Literal

from tiesim.errors import TiesimError

Backend = Literal["auto", "numba", "numpy"]
BACKENDS = ("auto", "numba", "numpy")


@cache
def numba_available() -> bool:
    """Whether numba can be imported."""
    if importlib.util.find_spec("numba") is None:
        return False
    try:
        import numba  # noqa: F401
    except Exception:  # a broken install (e.g. numpy too new for it) counts as absent
        return False
    return True


def resolve_backend(backend: str = "auto") -> Literal["numba", "numpy"]:
    """The backend to run for the requested one (``"auto"``, ``"numba"`` or ``"numpy"``)."""
    if backend == "auto":
        backend = os.environ.get("TIESIM_ARRAY_BACKEND", "auto") or "auto"
        if backend == "auto":
            return "numba" if numba_available() else "numpy"
    if backend not in BACKENDS:
        raise TiesimError(f"Unknown array backend {backend!r}; expected one of {BACKENDS}.")
    if backend == "numba" and not numba_available():
        raise TiesimError("The numba backend needs numba: pip install 'tiesim[fast]'.")
    return backend  # type: ignore[return-value]
