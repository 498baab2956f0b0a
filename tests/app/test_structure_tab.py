"""The Structure tab: chapter 3's measures on the demo's network, the same on both engines."""

from __future__ import annotations

import io

import numpy as np
import pytest
from app_helpers import make_model
from PIL import Image

from tiesim.app import state
from tiesim.app.demo_model import DemoModel, config_from_params
from tiesim.app.drawing import node_colours
from tiesim.app.presets import NETWORKS
from tiesim.app.structure import StructureFigure, structure_facts
from tiesim.engines import ArrayModel
from tiesim.graphs import Tie, strong_triadic_closure


@pytest.fixture(scope="module")
def model():
    return make_model(40, weak_tie_density=1.5, job_arrival=0.1, job_loss=0.03, seed=5)


def test_facts_count_what_the_graph_tools_count(model):
    facts = structure_facts(model)
    slots, span = state.local_bridges(model)
    assert facts.local_bridges == len(slots) > 0
    assert facts.weak_local_bridges == int((model.graph.tie[slots] == Tie.WEAK).sum())
    assert facts.bridges == int(np.isinf(span).sum())
    stc = strong_triadic_closure(model.graph)
    assert facts.open_strong_pairs == stc["open_strong_pairs"].sum() > 0
    assert facts.ties == model.graph.alive.sum()
    assert facts.overlap["ties"].sum() == facts.ties
    # leads heard from contacts: every reception over a strong, weak or interview tie so far
    people = sorted(model.people, key=lambda p: p.node)
    heard = [sum(p.leads_heard[1:]) for p in people]
    assert facts.brokers["leads_from_contacts"].tolist() == heard and sum(heard) > 0
    assert -1 <= facts.broker_correlation <= 1
    line = facts.line()
    assert f"{facts.local_bridges} local bridges" in line and "strong triadic closure" in line


def test_removing_weak_ties_first_breaks_the_town_sooner(model):
    removal = structure_facts(model).removal
    area = removal.groupby("order")["giant_component_share"].mean()
    assert area["weakest"] < area["strongest"]


def test_the_array_engine_gives_the_same_facts(model):
    params = {"n": 60, "community_size": 10, "strong_degree": 4.0, "weak_tie_density": 1.5}
    params |= {"job_arrival": 0.1, "job_loss": 0.03, "seed": 5}
    config = config_from_params(params)
    array = ArrayModel(config.graph, config.jobs, config.trends, rng=config.seed)
    for _ in range(40):
        array.step()
    mesa, fast = structure_facts(model), structure_facts(array)
    assert mesa.line() == fast.line()
    assert mesa.brokers.equals(fast.brokers)


def test_the_figure_has_the_size_asked(model):
    image = StructureFigure(size=(800, 300)).jpeg(structure_facts(model))
    assert Image.open(io.BytesIO(image)).size == (800, 300)


def test_a_network_without_ties_still_draws():
    empty = make_model(0, strong_degree=0.0, weak_tie_density=0.0)
    facts = structure_facts(empty)
    assert facts.ties == 0 and facts.local_bridges == 0
    assert "no one has two strong ties" in facts.line()
    assert len(StructureFigure(size=(600, 240)).jpeg(facts)) > 1000


@pytest.mark.parametrize("network", list(NETWORKS))
def test_every_network_of_the_menu_has_its_structure(network):
    model = DemoModel(network=network, n=60, community_size=10)
    for _ in range(5):
        model.step()
    facts = structure_facts(model)
    assert facts.ties == model.graph.alive.sum() > 0
    assert facts.overlap["ties"].sum() == facts.ties
    assert len(facts.brokers) == model.graph.n
    assert len(StructureFigure(size=(600, 240)).jpeg(facts)) > 1000
    colours = node_colours(model, "brokerage")
    assert colours.shape == (model.graph.n, 4)
