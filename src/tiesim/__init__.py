"""tiesim: agent-based simulation of how weak and strong ties carry job openings and trends.

>>> import tiesim
>>> result = tiesim.run("configs/quickstart.yaml", write=False)  # doctest: +SKIP
>>> result.summary  # doctest: +SKIP
"""

__version__ = "0.1.0"

from tiesim.config import ExperimentConfig, load_config
from tiesim.errors import ConfigError, TiesimError
from tiesim.runner.experiment import ExperimentResult, run

__all__ = [
    "ConfigError",
    "ExperimentConfig",
    "ExperimentResult",
    "TiesimError",
    "__version__",
    "load_config",
    "run",
]
