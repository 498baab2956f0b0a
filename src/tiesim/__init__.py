"""tiesim: agent-based simulation of how weak and strong ties carry job openings and trends.

>>> import tiesim
>>> result = tiesim.run("configs/quickstart.yaml", write=False)  # doctest: +SKIP
>>> result.summary  # doctest: +SKIP
"""

__version__ = "0.1.0"

from tiesim.cache import use_user_cache

use_user_cache()  # before any kernel is compiled or loaded

from tiesim.config import ExperimentConfig, load_config  # noqa: E402
from tiesim.errors import ConfigError, RunsFailedError, TiesimError  # noqa: E402
from tiesim.runner.experiment import ExperimentResult, run  # noqa: E402

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
