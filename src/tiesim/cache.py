"""Where tiesim keeps files between runs: numba's compiled kernels, in the user's cache folder.

numba caches compiled functions (``cache=True``) next to their source by default, which means
writing into the installed package (or failing to, in a read-only install).  Unless the user
chose a place with ``NUMBA_CACHE_DIR``, :func:`use_user_cache` points numba at
``$XDG_CACHE_HOME/tiesim/numba/<kernels>`` (default ``~/.cache/tiesim/numba/<kernels>``).
numba reads the setting when it is imported, and when a function is decorated, so this runs
when ``tiesim`` is imported, before any of its kernels are.

``<kernels>`` is a digest of the source of every kernel module (:func:`kernels_digest`).  numba
checks a cached function against its own file only, not against the kernels it inlines from
other files, so a change to one of those (a tiesim update, an edit) could otherwise load stale
machine code; with the digest in the path, changed kernels compile afresh.  A
``NUMBA_CACHE_DIR`` set by the user is used as it is.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

CACHE_ENV = "NUMBA_CACHE_DIR"
KERNELS = Path(__file__).parent / "engines"  # every module with numba kernels: kernels_*.py


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/tiesim`` (default ``~/.cache/tiesim``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tiesim"


def use_user_cache() -> None:
    """Send numba's cache to :func:`user_cache_dir` unless ``NUMBA_CACHE_DIR`` is set."""
    if os.environ.get(CACHE_ENV):
        return
    os.environ[CACHE_ENV] = str(user_cache_dir() / "numba" / kernels_digest())
    config = sys.modules.get("numba.core.config")
    if config is not None:  # numba was imported first: have it read the setting again
        config.reload_config()


def kernels_digest() -> str:
    """The first 16 hex digits of the SHA-256 of every kernel module's source, in name order."""
    digest = hashlib.sha256()
    for path in sorted(KERNELS.glob("kernels_*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
