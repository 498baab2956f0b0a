"""Before anything runs: checking that every planned run can start on this machine.

``tiesim validate`` and ``tiesim run`` (and :func:`tiesim.run`) call :func:`preflight` after
the points are checked (:func:`tiesim.runner.plan.check_design`), so that what would fail at
run time is refused first, in one line, with nothing written:

* an ``engine`` that does not name a usable class (:func:`tiesim.runner.engine_class.engine_class`:
  a module that cannot be imported, a name that is not a class, a class without the engine
  methods) — every distinct engine of the sweep is imported and checked once, here, so the
  worker processes, which import it by name again, find it too;
* a graph file (``graph.kind: file``) that is missing or that :func:`tiesim.graphs.load_graph`
  cannot read — every distinct file setting of the sweep is read and checked once;
* a run that cannot fit in this machine's memory.  :func:`run_memory` is a lower bound of one
  run's peak memory, from the numbers of agents and ties and the trend items followed at once,
  at the bytes per agent and per tie measured for each engine (:data:`BYTES_PER_AGENT`,
  :data:`BYTES_PER_TIE`, about two thirds of the measured peaks); a run that needs more than
  the machine's memory (or its container's limit) is refused.  A class of your own counts as
  the built-in engine it extends; one that extends neither is not checked (its needs are
  unknown).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

from tiesim.config import ExperimentConfig
from tiesim.config.limits import expected_ties
from tiesim.errors import ConfigError, TiesimError
from tiesim.runner.engine_class import built_on, engine_class, is_built_in
from tiesim.runner.plan import CheckedDesign, Variant

#: Lower bounds of the memory per agent and per tie of a run (graph, state and tables),
#: measured as peak RSS over runs of 50,000 (Mesa) and 1,000,000 (array) agents.
BYTES_PER_AGENT = {"array": 120, "mesa": 1500}
BYTES_PER_TIE = {"array": 56, "mesa": 400}
#: Bytes per (followed trend item, agent): the adopted flag and the tellers' count.
BYTES_PER_ITEM_AGENT = 5
#: Bytes per (topic, agent) with a topic space (``trends.topics_per_community``): the count of
#: items heard per agent and topic (64-bit), and its copy when the agents table is made.
BYTES_PER_TOPIC_AGENT = 16
#: Sections that decide a run's memory.
MEMORY_SECTIONS = ("engine", "graph", "trends", "steps")


def preflight(design: CheckedDesign, memory: int | None = None) -> None:
    """Refuse a plan whose engines, graph files or memory needs would fail its runs.

    Parameters
    ----------
    design : CheckedDesign
        The checked plan (:func:`tiesim.runner.plan.check_design`).
    memory : int, optional
        Bytes available to one run (default: :func:`available_memory`); 0 skips the memory
        check (for runs on other machines, e.g. a Dask cluster).

    Raises
    ------
    ConfigError
        Naming the point (if the plan has several), the engine, the file or the size, and why.
    """
    bases = check_engines(design)
    check_graph_files(design)
    if memory != 0:
        check_memory(design, available_memory() if memory is None else memory, bases)


def check_engines(design: CheckedDesign) -> dict[str, str | None]:
    """Import and check every distinct engine of the plan; the built-in engine each extends.

    Returns a mapping from each ``engine`` value to ``"mesa"``, ``"array"`` or None (a class
    that extends neither).
    """
    variants = design.sections.get("engine") or [Variant({}, design.base, 0, {})]
    bases: dict[str, str | None] = {}
    for variant in variants:
        name = variant.config.engine
        if name in bases:
            continue
        try:
            bases[name] = name if is_built_in(name) else built_on(engine_class(name))
        except ConfigError as exc:
            where = _where(design, variant.first_point) if "engine" in design.sections else ""
            raise ConfigError(f"{where}{exc}") from None
    return bases


def check_graph_files(design: CheckedDesign) -> None:
    """Read every distinct graph file setting of the plan, as a run would (no communities)."""
    from tiesim.graphs.io import check_graph_file

    variants = design.sections.get("graph") or [Variant({}, design.base, 0, {})]
    seen = set()
    for variant in variants:
        graph = variant.config.graph
        if graph.kind != "file":
            continue
        key = tuple(sorted(graph.model_dump().items()))
        if key in seen:
            continue
        seen.add(key)
        try:
            check_graph_file(graph.path, **graph.read_options())
        except TiesimError as exc:
            text = str(exc)
            raise ConfigError(
                f"{_where(design, variant.first_point)}config field 'graph.path': "
                f"{text[:1].lower()}{text[1:]}"
            ) from None


def run_memory(config: ExperimentConfig, base: str | None = None) -> float:
    """A lower bound of the peak memory (bytes) of one run of ``config``.

    A graph read from a file counts as empty here (its size is known only once read).
    ``base`` is the built-in engine whose figures apply (default: ``config.engine``, which
    must then be built in; see :func:`check_engines` for a class of your own); a run of a
    class that extends neither (``base`` None) counts as needing nothing.

    Examples
    --------
    >>> run_memory(ExperimentConfig(engine="array")) > 0
    True
    """
    base = config.engine if base is None and is_built_in(config.engine) else base
    if base is None:
        return 0.0
    graph = config.graph
    n = float(getattr(graph, "n", 0))
    items = _items(config, config)
    return (
        n * BYTES_PER_AGENT[base]
        + expected_ties(graph) * BYTES_PER_TIE[base]
        + items * n * BYTES_PER_ITEM_AGENT
        + _topics(config) * n * BYTES_PER_TOPIC_AGENT
    )


def check_memory(
    design: CheckedDesign, memory: int, bases: dict[str, str | None] | None = None
) -> None:
    """Refuse the plan if the largest of its runs needs more than ``memory`` bytes.

    ``bases`` maps each engine of the plan to the built-in engine it extends
    (:func:`check_engines`, asked here if not given).
    """
    bases = check_engines(design) if bases is None else bases
    need, config, point = max(_memory_needs(design, bases), key=lambda found: found[0])
    if need <= memory:
        return
    base = bases[config.engine]
    extends = "" if base == config.engine else f" (which {config.engine} extends)"
    graph = config.graph
    size = f"n={graph.n}, about {expected_ties(graph):.3g} ties"
    items = _items(config, config)
    trends = f", about {items:.3g} trend items followed at once" if items else ""
    topics = _topics(config)
    trends += f", {topics:.3g} topics counted per agent" if topics else ""
    raise ConfigError(
        f"{_where(design, point)}a run needs at least {_size(need)} of memory "
        f"({size}{trends}; the {base} engine{extends} uses about "
        f"{BYTES_PER_AGENT[base]} bytes per agent and {BYTES_PER_TIE[base]} "
        f"per tie), more than this machine's {_size(memory)}: make graph.n smaller"
        + (" or trends.topics_per_community smaller" if topics else "")
    )


def available_memory() -> int:
    """This machine's memory in bytes, or its container's limit (cgroup v2) if lower."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, OSError, ValueError):  # pragma: no cover - not POSIX
        return 2**63
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
    except OSError:
        return total
    return min(total, int(limit)) if limit.isdigit() else total


def _memory_needs(
    design: CheckedDesign, bases: dict[str, str | None]
) -> Iterator[tuple[float, ExperimentConfig, int]]:
    """``(bytes, config, point)`` for the runs that could need the most memory.

    In a grid every combination of the sections' variants is a point, so it is enough to
    combine each engine and graph with the trends and steps that follow the most items.
    """
    options = {
        name: design.sections.get(name) or [Variant({}, design.base, 0, {})]
        for name in MEMORY_SECTIONS
    }
    if design.point_variants is not None:  # a sample design: each point as drawn
        for p in range(design.base.sweep.num_points()):
            chosen = {
                name: options[name][design.point_variants[name][p]]
                if name in design.point_variants
                else options[name][0]
                for name in MEMORY_SECTIONS
            }
            config = _combine(design.base, chosen)
            yield run_memory(config, bases[config.engine]), config, p
        return
    busiest = max(
        itertools.product(options["trends"], options["steps"]),
        key=lambda pair: _items(pair[0].config, pair[1].config),
    )
    for engine, graph in itertools.product(options["engine"], options["graph"]):
        chosen = {"engine": engine, "graph": graph, "trends": busiest[0], "steps": busiest[1]}
        config = _combine(design.base, chosen)
        point = design.point_of({k: i for v in chosen.values() for k, i in v.indices.items()})
        yield run_memory(config, bases[config.engine]), config, point


def _items(trends_config: ExperimentConfig, steps_config: ExperimentConfig) -> float:
    """Trend items an agent may follow at once: ``trends`` of one config, ``steps`` of another."""
    trends = trends_config.trends
    return trends.rate * min(trends.horizon, steps_config.steps)


def _topics(config: ExperimentConfig) -> float:
    """Topics of the whole population (communities × ``trends.topics_per_community``).

    Communities are ``n / community_size`` for the generated graphs; a graph from a file or a
    data set counts as one community (its size is known only once built).
    """
    per_community = config.trends.topics_per_community
    if not per_community:
        return 0.0
    graph = config.graph
    n, size = getattr(graph, "n", 0), getattr(graph, "community_size", 0)
    communities = -(-n // size) if n and size else 1
    return float(communities * per_community)


def _combine(base: ExperimentConfig, chosen: dict[str, Variant]) -> ExperimentConfig:
    """The base with each memory section taken from its chosen variant (no re-validation)."""
    return base.model_copy(
        update={
            "engine": chosen["engine"].config.engine,
            "graph": chosen["graph"].config.graph,
            "trends": chosen["trends"].config.trends,
            "steps": chosen["steps"].config.steps,
        }
    )


def _where(design: CheckedDesign, point: int) -> str:
    """``"sweep point 3 (graph.n=10): "`` when the plan has several points, else ``""``."""
    return "" if design.base.sweep.num_points() == 1 else f"{design.describe_point(point)}: "


def _size(size: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB", "PB"):
        if size < 1024 or unit == "PB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    raise AssertionError  # pragma: no cover
