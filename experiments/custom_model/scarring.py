"""A model of your own: the longer people are out of work, the fewer openings reach them directly.

Employers pass over the long-term unemployed: in a field experiment, call-backs to fictitious
applications fell steeply over the first eight months of a spell (Kroft, Lange & Notowidigdo
2013).  :class:`ScarredSeekers` is tiesim's Mesa engine (:class:`tiesim.model.WeakTiesModel`)
with that one mechanism changed; leads passed on by contacts are untouched.  A config names
it as ``engine: scarring:ScarredSeekers``, and tiesim builds it as it builds its own engines::

    ScarredSeekers(graph, jobs, trends, ties, networking=..., rng=seed)

so it runs in sweeps, reports, ``tiesim validate`` and ``tiesim rerun`` like them.  From the
repository root (see README.md beside this file)::

    PYTHONPATH=experiments/custom_model tiesim run experiments/custom_model/scarring.yaml

References
----------
Kroft, K., Lange, F. & Notowidigdo, M. J. (2013). Duration dependence and labor market
conditions: evidence from a field experiment. Quarterly Journal of Economics 128(3), 1123-1167.
"""

from __future__ import annotations

import numpy as np

from tiesim.model import WeakTiesModel
from tiesim.model.draws import arrival_probabilities


class ScarredSeekers(WeakTiesModel):
    """Direct job arrival that halves with every ``HALF_LIFE`` steps out of work.

    A person employed now hears of openings directly as in the parent model (and passes them
    on to contacts).  A person out of work for ``d`` steps hears directly with
    ``0.5 ** (d / HALF_LIFE)`` times that probability.  The parent's ``arrival`` draw decides,
    so no random number is added and with an endless half-life the runs equal the parent's.
    """

    HALF_LIFE = 5.0  # steps out of work that halve the chance of hearing directly

    def hear_directly(self) -> np.ndarray:
        """Agents who hear of an opening directly this step, in order (see the class)."""
        outside, inside = arrival_probabilities(self.jobs, self.num_communities)
        chance = np.where(self.draws.hot[self.graph.community], inside, outside)
        return np.flatnonzero(self.draws.arrival < chance * self.scarring())

    def scarring(self) -> np.ndarray:
        """Per agent: the factor on the chance of hearing directly (1 for the employed)."""
        now = self.steps
        spell = [0 if p.employed else now - p.unemployed_since for p in self.people]
        return 0.5 ** (np.array(spell) / self.HALF_LIFE)
