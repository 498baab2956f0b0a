"""tiesim: agent-based simulation of how weak and strong ties carry job openings and trends.

>>> import tiesim
>>> result = tiesim.run("configs/quickstart.yaml", write=False)  # doctest: +SKIP
>>> result.summary  # doctest: +SKIP

The names below are imported when first used, so that ``import tiesim`` (and the ``tiesim``
command's ``--help``) stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from tiesim.cache import use_user_cache
from tiesim.errors import ConfigError, RunsFailedError, TiesimError

__version__ = "0.1.0"

use_user_cache()  # before any kernel is compiled or loaded

if TYPE_CHECKING:
    from tiesim.config import ExperimentConfig, load_config
    from tiesim.runner.experiment import ExperimentResult, run

_LAZY = {
    "ExperimentConfig": "tiesim.config",
    "load_config": "tiesim.config",
    "ExperimentResult": "tiesim.runner.experiment",
    "run": "tiesim.runner.experiment",
}

__all__ = [
    "ConfigError",
    "ExperimentConfig",
    "ExperimentResult",
    "RunsFailedError",
    "TiesimError",
    "__version__",
    "load_config",
    "run",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tiesim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
