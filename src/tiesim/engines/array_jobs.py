"""Job leads as arrays: who holds which lead, whom holders tell, and which offer receivers keep.

The rules are those of :mod:`tiesim.model.agents` and :mod:`tiesim.model.leads`, applied to all
agents at once:

* :class:`Leads` stores leads column-wise, one row per lead; the model keeps one row per agent
  (``id == -1`` where the agent holds none) and builds batches of passed leads;
* :func:`choose_contacts` picks whom each holder tells, by the passing rule;
* :func:`best_per_receiver` and :func:`better` implement ``Lead.rank``
  (freshest, then fewest hops, then oldest id).
"""

from __future__ import annotations

import numpy as np


class Leads:
    """Leads as columns of one ``int64`` block; see :class:`tiesim.model.leads.Lead`.

    Row ``k`` of the fields below is lead ``k``: ``id`` (-1 marks an empty row), ``origin``,
    ``born``, ``hops``, ``channel`` (a Channel value), ``slot`` (-1 for a direct lead) and
    ``path`` (``path[k, :hops[k] + 1]`` are the agents who held it).  Storing them as one
    block of shape ``(fields, rows)`` makes selecting or assigning whole leads one operation.
    """

    FIELDS = ("id", "origin", "born", "hops", "channel", "slot")

    def __init__(self, block: np.ndarray) -> None:
        self.block = block

    @classmethod
    def empty(cls, rows: int, max_hops: int) -> Leads:
        """``rows`` empty rows (no lead)."""
        block = np.zeros((len(cls.FIELDS) + max_hops + 1, rows), np.int64)
        block[0] = block[5] = -1
        return cls(block)

    id = property(lambda self: self.block[0])
    origin = property(lambda self: self.block[1])
    born = property(lambda self: self.block[2])
    hops = property(lambda self: self.block[3])
    channel = property(lambda self: self.block[4])
    slot = property(lambda self: self.block[5])

    @property
    def path(self) -> np.ndarray:
        """Agents who held each lead, shape (rows, max_hops + 1)."""
        return self.block[len(self.FIELDS) :].T

    def __len__(self) -> int:
        return self.block.shape[1]

    def __getitem__(self, rows: np.ndarray) -> Leads:
        return Leads(self.block[:, rows])

    def __setitem__(self, rows: np.ndarray, other: Leads) -> None:
        self.block[:, rows] = other.block

    def sender(self) -> np.ndarray:
        """The agent who passed each lead (``path[hops - 1]``; meaningless for direct leads)."""
        return self.path[np.arange(len(self)), np.maximum(self.hops - 1, 0)]


def better(a: Leads, b: Leads) -> np.ndarray:
    """Mask of rows where lead ``a`` ranks before lead ``b`` (``Lead.rank``: smaller is better)."""
    return (a.born > b.born) | (
        (a.born == b.born) & ((a.hops < b.hops) | ((a.hops == b.hops) & (a.id < b.id)))
    )


def best_per_receiver(receivers: np.ndarray, leads: Leads) -> tuple[np.ndarray, np.ndarray]:
    """Each distinct receiver (increasing) and the row of the best lead it was passed."""
    order = np.lexsort((leads.id, leads.hops, -leads.born.astype(np.int64), receivers))
    ranked = receivers[order]
    first = np.ones(len(order), bool)
    first[1:] = ranked[1:] != ranked[:-1]
    return ranked[first], order[first]


def _first_in_group(owner: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Index of the first True of ``mask`` within each run of equal ``owner`` values."""
    idx = np.flatnonzero(mask)
    keep = np.ones(len(idx), bool)
    keep[1:] = owner[idx[1:]] != owner[idx[:-1]]
    return idx[keep]


def choose_contacts(
    rule: str, owner: np.ndarray, strength: np.ndarray, choice: np.ndarray, holders: int
) -> np.ndarray:
    """Entry picked for each holder that has candidates, in holder order.

    Parameters
    ----------
    rule : {"random", "strongest", "weakest"}
        The passing rule (``jobs.passing``).
    owner : ndarray of int
        Holder position (``0..holders-1``) of each candidate entry, non-decreasing; within a
        holder, candidates are in increasing agent number.
    strength : ndarray of float32
        Strength of each candidate's tie.
    choice : ndarray of float64
        Each holder's ``choice`` uniform (used by the random rule).
    holders : int
        Number of holders.

    Returns
    -------
    ndarray of int
        Candidate entries chosen: the ``int(choice * k)``-th of ``k`` candidates at random, or
        the first tie of greatest (strongest) or least (weakest) strength.
    """
    count = np.bincount(owner, minlength=holders)
    passing = count > 0
    first = (np.cumsum(count) - count)[passing]
    if rule == "random":
        return first + (choice[passing] * count[passing]).astype(np.int64)
    reduce = np.maximum if rule == "strongest" else np.minimum
    extreme = reduce.reduceat(strength, first) if len(first) else strength[:0]
    return _first_in_group(owner, strength == np.repeat(extreme, count[passing]))
