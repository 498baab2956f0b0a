"""Both engines share one tie table: edits mid-run agree exactly and stay in sync everywhere."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tiesim.config import CommunityGraphConfig, JobsConfig, TrendsConfig
from tiesim.engines import ArrayModel, array_ties
from tiesim.engines.array_graph import Adjacency
from tiesim.errors import TiesimError
from tiesim.graphs.ties import Tie
from tiesim.model import WeakTiesModel
from tiesim.model.tie_dynamics import tie_totals

GRAPH = CommunityGraphConfig(n=150, community_size=10, strong_degree=4, weak_tie_density=1.5)
JOBS = JobsConfig(job_arrival=0.08, job_loss=0.03, max_hops=3, lead_lifetime=3, job_locality=0.5)
TRENDS = TrendsConfig(rate=0.3, contagion="complex", threshold=2, below_threshold=0.02)


def same_tables(mesa, array):
    for name in ("metrics", "hires", "trend_items"):
        frames = getattr(mesa, name)(), getattr(array, name)()
        pd.testing.assert_frame_equal(*frames, check_exact=True)


def same_adjacency(array: ArrayModel) -> None:
    """The edited adjacency lists exactly what one built afresh from the table lists."""
    edited, fresh = array.adjacency, Adjacency(array.graph)
    assert np.array_equal(edited.degree, fresh.degree)
    for i in range(array.n):
        rows = (slice(a.indptr[i], a.indptr[i] + a.degree[i]) for a in (edited, fresh))
        old, new = rows
        assert np.array_equal(edited.neighbor[old], fresh.neighbor[new])
        assert np.array_equal(edited.slot[old], fresh.slot[new])


def random_edit(model, rng: np.random.Generator) -> None:
    """Cut some ties, form some, and change strengths, contact rates and types of others."""
    graph = model.graph
    present = np.flatnonzero(graph.alive)
    model.remove_ties(rng.choice(present, 6, replace=False))
    present = np.flatnonzero(graph.alive)
    changed = rng.choice(present, 10, replace=False)
    model.update_ties(
        changed,
        strength=rng.uniform(0.05, 1.0, 10),
        contact_rate=rng.uniform(0.0, 1.0, 10),
        tie=rng.integers(0, 2, 10),
    )
    tied = set(zip(graph.u[graph.alive].tolist(), graph.v[graph.alive].tolist(), strict=True))
    pairs = {tuple(sorted(rng.choice(graph.n, 2, replace=False).tolist())) for _ in range(8)}
    pairs = sorted(pairs - tied)
    u, v = np.array(pairs, np.int64).T
    model.add_ties(u, v, rng.integers(0, 2, len(u)), 0.4, rng.uniform(0.2, 1.0, len(u)))


def test_engines_agree_under_churn_and_updates():
    mesa = WeakTiesModel(GRAPH, JOBS, TRENDS, rng=5)
    array = ArrayModel(GRAPH, JOBS, TRENDS, rng=5)
    peak = mesa.graph.num_ties
    for step in range(40):
        for model in (mesa, array):
            random_edit(model, np.random.default_rng(step))  # the same edits in both
            model.step()
        peak = max(peak, mesa.graph.num_ties)
    same_tables(mesa, array)
    for name in ("u", "v", "tie", "strength", "contact_rate", "alive"):
        assert np.array_equal(getattr(mesa.graph, name), getattr(array.graph, name))
    same_adjacency(array)
    assert mesa.graph.num_slots <= peak + 6  # slots reused: bounded by the ties present
    # the Mesa engine's network and networkx graph list the same ties as the table
    alive = np.flatnonzero(mesa.graph.alive)
    assert mesa.G.number_of_edges() == len(alive)
    for s in alive[::7]:
        a, b = int(mesa.graph.u[s]), int(mesa.graph.v[s])
        tie = mesa.G.edges[a, b]
        assert tie["slot"] == s and tie["strength"] == float(mesa.graph.strength[s])
        assert tie["tie"] == Tie(int(mesa.graph.tie[s])).label
        assert b in mesa.people[a].cell.connections


def test_adjacency_rows_grow_by_moving_and_by_laying_out_again():
    # many ties into a few rows (each moves to the free end, again and again) and some
    # anywhere (so the free end runs out and every row is laid out again); after each batch
    # the edited adjacency lists exactly what one built afresh lists
    model = ArrayModel(GRAPH, JOBS, TRENDS, rng=5)
    rng = np.random.default_rng(0)
    adjacency, moved, laid_out = model.adjacency, 0, 0
    for _ in range(30):
        buffer = adjacency.neighbor
        starts = adjacency.indptr.copy()
        hubs = rng.choice(model.n, 3, replace=False)
        u = np.concatenate([np.repeat(hubs, 4), rng.integers(model.n, size=20)])
        v = rng.integers(model.n, size=len(u))
        pairs = np.unique(np.minimum(u, v) * model.n + np.maximum(u, v))
        u, v = pairs // model.n, pairs % model.n
        keep = (u != v) & ~adjacency.tied(u, v)
        model.add_ties(u[keep], v[keep], Tie.WEAK, 0.3, 0.1)
        laid_out += adjacency.neighbor is not buffer
        moved += adjacency.neighbor is buffer and np.any(adjacency.indptr != starts)
        same_adjacency(model)
        assert np.all(adjacency.degree <= adjacency.room)
    assert moved and laid_out


@pytest.mark.parametrize("engine", [WeakTiesModel, ArrayModel])
def test_writing_the_tie_arrays_directly_is_refused(engine):
    model = engine(GRAPH, JOBS, rng=0)
    with pytest.raises(ValueError, match="read-only"):
        model.graph.contact_rate[0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        model.graph.strength[:] = 0.5


def test_silencing_every_tie_stops_contact_hires_in_both_engines():
    models = [engine(GRAPH, JOBS, rng=1) for engine in (WeakTiesModel, ArrayModel)]
    for model in models:
        for _ in range(10):
            model.step()
        model.update_ties(np.flatnonzero(model.graph.alive), contact_rate=0.0)
        for _ in range(30):
            model.step()
    same_tables(*models)
    late = models[1].hires().query("step > 10 + 3")  # leads relayed before live 3 steps
    assert len(late) and (late["channel"] == "direct").all()
    assert (models[1].hires().query("step <= 10")["channel"] != "direct").any()


TWICE = "add_ties cannot tie a pair twice (some pairs are already tied)."


@pytest.mark.parametrize(
    ("u", "v", "message"),
    [
        ([3, 0], [3, 10**6], "add_ties ends must be agents 0..149."),  # range before self-ties
        ([-1], [2], "add_ties ends must be agents 0..149."),
        ([4], [4], "add_ties cannot tie an agent to itself."),
        (["new"], ["new"], None),
        (["tied"], ["tied"], TWICE),
        (["new", "new"], ["new", "new"], TWICE),  # one new pair twice in the batch
        ([0, 1], [2], "add_ties needs as many u as v ends (got 2 and 1)."),
    ],
)
def test_both_engines_refuse_the_same_bad_new_ties_with_the_same_message(u, v, message):
    for model in (WeakTiesModel(GRAPH, JOBS, rng=1), ArrayModel(GRAPH, JOBS, rng=1)):
        graph = model.graph
        alive = graph.alive
        present = set(map(frozenset, zip(graph.u[alive], graph.v[alive], strict=True)))
        tied = (int(graph.u[0]), int(graph.v[0]))
        new = next((0, b) for b in range(1, graph.n) if frozenset((0, b)) not in present)
        pairs = {"tied": tied, "new": new}
        ends_u = [pairs[e][0] if isinstance(e, str) else e for e in u]
        ends_v = [pairs[e][1] if isinstance(e, str) else e for e in v]
        before = graph.num_ties
        if message is None:
            assert len(model.add_ties(ends_u, ends_v, Tie.WEAK, 0.2, 0.1)) == 1
            assert graph.num_ties == before + 1
            continue
        with pytest.raises(TiesimError) as raised:
            model.add_ties(ends_u, ends_v, Tie.WEAK, 0.2, 0.1)
        assert str(raised.value) == message and graph.num_ties == before


def test_rewrites_count_what_can_change_a_counted_tie():
    """Cuts, ties put into freed slots, new types or strengths and writable views of those
    columns count; new ties in new slots, contact rates and other columns do not."""
    graph = ArrayModel(GRAPH, rng=2).graph
    before = graph.rewrites
    graph.add_ties([0], [149], Tie.WEAK, 0.5, 0.1)  # a new slot at the end
    graph.update_ties([0], contact_rate=0.2)
    graph.writable("last_talk")
    assert graph.rewrites == before
    for edit in (
        lambda: graph.remove_ties([3]),
        lambda: graph.add_ties([1], [148], Tie.WEAK, 0.5, 0.1),  # into freed slot 3
        lambda: graph.update_ties([0], strength=0.3),
        lambda: graph.update_ties([0], tie=Tie.STRONG),
        lambda: graph.writable("strength"),
    ):
        edit()
        assert graph.rewrites == before + 1
        before += 1


def test_tie_counts_carried_on_over_new_slots_are_those_of_a_full_count(monkeypatch):
    """The array engine's tie counter, after each of many edits (ties formed in new slots most
    often, as networking forms them), gives the Mesa engine's full count to the last bit, and
    counts only the new slots when no counted tie changed."""
    starts = []
    count = array_ties.count_ties
    monkeypatch.setattr(
        array_ties, "count_ties", lambda *args: starts.append(args[3]) or count(*args)
    )
    model = ArrayModel(GRAPH, rng=4)
    graph, counter = model.graph, array_ties.TieCounter()
    rng = np.random.default_rng(8)
    for step in range(60):
        if step % 7 == 3:
            random_edit(model, rng)
        else:  # new pairs, as networking forms them: after the last slot (no slot is free)
            present = graph.u[graph.alive].tolist(), graph.v[graph.alive].tolist()
            tied = set(zip(*present, strict=True))
            pairs = {tuple(sorted(rng.choice(graph.n, 2, replace=False).tolist())) for _ in "ab"}
            u, v = np.array(sorted(pairs - tied), np.int64).reshape(-1, 2).T
            model.add_ties(u, v, Tie.WEAK, rng.random(), 0.1)
        assert counter(graph) == tie_totals(graph)
    carried_on = [s for s in starts if s > 0]
    assert len(carried_on) >= 40 and len(starts) == 60
