"""Limits a config must keep so that a run can be built at all, checked with the schema.

Each rule involves one section only (so a sweep can check each section's values once, see
:mod:`tiesim.runner.plan`), and each is there because a value past it fails at run time:

* ``jobs.lead_lifetime``, ``trends.horizon`` and ``trends.threshold`` must fit the engines'
  fixed-size integers (the compiled kernels cannot take a Python integer of any size); the
  limit is 2**31 - 1 = 2,147,483,647, beyond which (steps being at most 1,000,000, agents at
  most 2**31 - 1) a larger value would behave no differently;
* the array engine numbers agents and tie ends with 32-bit integers: at most 2**31 - 1 agents
  and 2**30 - 1 ties (each tie is listed at both its ends);
* a community graph's weak ties must fit into the pairs of agents that can hold them;
* ``outputs.dir`` and a file graph's ``path`` must be paths a file system can hold.

Whether a run fits in this machine's memory depends on the machine, so that is checked when
a sweep is planned (:mod:`tiesim.runner.preflight`), not here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tiesim.errors import ConfigError, shown
from tiesim.files import path_problem

if TYPE_CHECKING:
    from tiesim.config.experiment import ExperimentConfig

INT32_MAX = 2**31 - 1
MAX_AGENTS = INT32_MAX
MAX_TIES = 2**30 - 1
WHY_32_BIT = "the array engine numbers agents and tie ends with 32-bit integers"


def check_limits(config: ExperimentConfig) -> None:
    """Raise :class:`ConfigError` naming every limit ``config`` breaks (one line).

    Examples
    --------
    >>> from tiesim.config import ExperimentConfig
    >>> check_limits(ExperimentConfig())
    >>> check_limits(ExperimentConfig(jobs={"lead_lifetime": 10**30}))
    Traceback (most recent call last):
    ...
    tiesim.errors.ConfigError: config field 'jobs.lead_lifetime' must be <= 2147483647 ...
    """
    problems = [
        *_integer_limits(config),
        *_graph_limits(config),
        *_path_limits(config),
    ]
    if problems:
        raise ConfigError("; ".join(problems))


def expected_ties(graph: object) -> float:
    """The expected number of ties of a generated graph (0 for a file or a data set)."""
    kind = getattr(graph, "kind", None)
    n = float(getattr(graph, "n", 0))
    if kind == "community":
        strong = n * min(graph.strong_degree, graph.community_size - 1) / 2
        return strong + graph.weak_tie_density * n / 2
    if kind == "small_world":
        return n * graph.k / 2
    if kind == "rewired_lattice":
        return n * graph.k / 2
    if kind == "block_model":
        size = min(graph.community_size, n)
        return n * (size - 1) * graph.p_in / 2 + n * (n - size) * graph.p_out / 2
    if kind == "layered":
        return n * sum(layer.degree for layer in graph.layers) / 2
    return 0.0


def _integer_limits(config: ExperimentConfig) -> list[str]:
    steps = "and with at most 1,000,000 steps a larger value changes nothing"
    fields = {
        "jobs.lead_lifetime": (config.jobs.lead_lifetime, steps),
        "trends.horizon": (config.trends.horizon, steps),
        "trends.threshold": (
            config.trends.threshold,
            f"and no agent can have more than {MAX_AGENTS} contacts",
        ),
    }
    return [
        f"config field '{name}' must be <= {INT32_MAX} (got {shown(value)}): the engines hold "
        f"it in a fixed-size integer, {why}"
        for name, (value, why) in fields.items()
        if value > INT32_MAX
    ]


def _graph_limits(config: ExperimentConfig) -> list[str]:
    graph = config.graph
    if graph.kind in ("file", "dataset"):  # sizes known only once read (a data set is small)
        return []
    if graph.n > MAX_AGENTS:
        return [
            f"config field 'graph.n' must be <= {MAX_AGENTS} (got {shown(graph.n)}): {WHY_32_BIT}"
        ]
    ties = expected_ties(graph)
    if graph.kind == "community" and graph.weak_tie_density * graph.n / 2 > MAX_TIES:
        return [
            f"config field 'graph.weak_tie_density' asks for more than {MAX_TIES} weak ties "
            f"(weak_tie_density * n / 2, with weak_tie_density={graph.weak_tie_density:g} and "
            f"n={graph.n}), more than a graph may have: {WHY_32_BIT}"
        ]
    if ties > MAX_TIES:
        return [
            f"config field 'graph' asks for about {ties:.3g} ties (n={graph.n}), more than "
            f"the {MAX_TIES} a graph may have: {WHY_32_BIT}"
        ]
    if graph.kind == "community":
        return _weak_ties_fit(graph)
    return []


def _weak_ties_fit(graph: object) -> list[str]:
    """The community generator's own rule: weak ties between communities need free pairs."""
    n, size = graph.n, graph.community_size
    num_weak = round(graph.weak_tie_density * n / 2)
    num_between = num_weak - round(graph.weak_within * num_weak)
    full, rest = divmod(n, size)
    within_pairs = full * size * (size - 1) // 2 + rest * (rest - 1) // 2
    between_pairs = n * (n - 1) // 2 - within_pairs
    if num_between > between_pairs:
        return [
            f"config field 'graph.weak_tie_density' asks for {num_between} weak ties between "
            f"communities, but only {between_pairs} pairs of agents in different communities "
            f"exist (n={n}, community_size={size}, weak_tie_density="
            f"{graph.weak_tie_density:g}, weak_within={graph.weak_within:g})"
        ]
    if num_weak - num_between > within_pairs:
        return [
            f"config field 'graph.weak_within' asks for {num_weak - num_between} weak ties "
            f"inside communities, but only {within_pairs} pairs of agents share a community "
            f"(n={n}, community_size={size})"
        ]
    return []


def _path_limits(config: ExperimentConfig) -> list[str]:
    paths = {"outputs.dir": config.outputs.dir}
    if config.graph.kind == "file":
        paths["graph.path"] = config.graph.path
    problems = []
    for name, value in paths.items():
        problem = path_problem(value)
        if problem is not None:
            problems.append(f"config field '{name}' must be a usable path: {problem} "
                            f"(got {shown(value)})")  # fmt: skip
    return problems
