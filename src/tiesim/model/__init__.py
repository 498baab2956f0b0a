"""The Mesa engine: agents, model, and the step's shared pieces (draws, leads, metrics)."""

from tiesim.model.agents import Person, Status
from tiesim.model.leads import Channel, Lead
from tiesim.model.model import WeakTiesModel

__all__ = ["Channel", "Lead", "Person", "Status", "WeakTiesModel"]
