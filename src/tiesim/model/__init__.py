"""The Mesa engine: agents, model, and the step's shared pieces (draws, leads, metrics).

The package's own names are imported on first use: the agents and the model import Mesa (half a
second or more), which the array engine, ``tiesim report`` and the tables need none of, though
they use the shared pieces (``tiesim.model.draws``, ``tiesim.model.metrics``, ...).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tiesim.model.agents import Person, Status
    from tiesim.model.leads import Channel, Lead
    from tiesim.model.model import WeakTiesModel

__all__ = ["Channel", "Lead", "Person", "Status", "WeakTiesModel"]

_MODULES = {
    "Channel": "leads",
    "Lead": "leads",
    "Person": "agents",
    "Status": "agents",
    "WeakTiesModel": "model",
}


def __getattr__(name: str) -> object:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"tiesim.model.{_MODULES[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})  # the lazy names too, before their first use
