"""Job leads: news of one opening, as held and passed along by agents.

An opening first reaches one agent directly (channel ``DIRECT``); each pass over a tie moves it
one hop and labels it with that tie's type, or ``INTERVIEW`` when the receiver had asked the
holder for an informational interview this step (``networking.interviews``).  An agent holds
at most one lead; when it has to choose between several it keeps the **best**: the freshest
opening, then the one with fewest hops, then the oldest lead id.  That rule does not depend on
the order agents are visited in, which keeps the step synchronous and lets the array engine
reproduce it exactly.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

from tiesim.graphs.ties import Tie


class Channel(IntEnum):
    """How the current holder heard of an opening."""

    DIRECT = 0
    STRONG = 1
    WEAK = 2
    INTERVIEW = 3  # passed to a job seeker who asked for it (only with networking.interviews)

    @property
    def label(self) -> str:
        """Lower-case name used in tables: ``direct``, ``strong``, ``weak`` or ``interview``."""
        return self.name.lower()

    @classmethod
    def over(cls, tie: Tie) -> Channel:
        """The channel of a lead passed over a tie of type ``tie``."""
        return cls.STRONG if tie == Tie.STRONG else cls.WEAK


class Lead(NamedTuple):
    """News of one job opening (an immutable record: passing it on makes a new one).

    Attributes
    ----------
    id : int
        Unique, in order of creation (direct arrivals are numbered by agent index).
    origin : int
        Community where the opening arose.
    born : int
        Step in which the opening arose; the lead expires ``lead_lifetime`` steps later.
    hops : int
        Number of times it has been passed on.
    channel : Channel
        How the current holder heard of it.
    slot : int
        Tie slot it last travelled over (-1 for a direct lead).
    path : tuple of int
        Agents who have held it, first hearer first.
    tie_formed : int
        Step in which the tie in ``slot`` formed (-1 for a direct lead): with the slot, it names
        the tie even after the tie is gone and its slot reused.
    """

    id: int
    origin: int
    born: int
    hops: int = 0
    channel: Channel = Channel.DIRECT
    slot: int = -1
    path: tuple[int, ...] = ()
    tie_formed: int = -1

    @property
    def rank(self) -> tuple[int, int, int]:
        """Sort key of preference: smaller is better (freshest, fewest hops, oldest id)."""
        return (-self.born, self.hops, self.id)

    def passed(self, receiver: int, slot: int, tie: Tie, formed: int, asked: bool = False) -> Lead:
        """This lead after its holder passes it to ``receiver`` over tie ``slot``.

        ``formed``: the step the tie formed; ``asked``: the receiver asked the holder for an
        informational interview this step.
        """
        return self._replace(
            hops=self.hops + 1,
            channel=Channel.INTERVIEW if asked else Channel.over(tie),
            slot=slot,
            path=(*self.path, receiver),
            tie_formed=formed,
        )


def best(leads: list[Lead]) -> Lead:
    """The lead an agent keeps (or takes) among several."""
    return min(leads, key=lambda lead: lead.rank)
