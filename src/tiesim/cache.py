"""Where tiesim keeps files between runs: numba's compiled kernels, in the user's cache folder.

numba caches compiled functions (``cache=True``) next to their source by default, which means
writing into the installed package (or failing to, in a read-only install).  Unless the user
chose a place with ``NUMBA_CACHE_DIR``, :func:`use_user_cache` points numba at
``$XDG_CACHE_HOME/tiesim/numba`` (default ``~/.cache/tiesim/numba``).  numba reads the setting
when it is imported, and when a function is decorated, so this runs when ``tiesim`` is
imported, before any of its kernels are.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

CACHE_ENV = "NUMBA_CACHE_DIR"


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/tiesim`` (default ``~/.cache/tiesim``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tiesim"


def use_user_cache() -> None:
    """Send numba's cache to :func:`user_cache_dir` unless ``NUMBA_CACHE_DIR`` is set."""
    if os.environ.get(CACHE_ENV):
        return
    os.environ[CACHE_ENV] = str(user_cache_dir() / "numba")
    config = sys.modules.get("numba.core.config")
    if config is not None:  # numba was imported first: have it read the setting again
        config.reload_config()
