"""Small demo models that build and step in a fraction of a second (shared by tests/app)."""

from __future__ import annotations

from tiesim.app.demo_model import DemoModel

SMALL = {"n": 60, "community_size": 10, "strong_degree": 4.0}


def make_model(steps: int = 0, **values) -> DemoModel:
    """A 60-person demo model (six communities of ten) after ``steps`` steps."""
    model = DemoModel(**{**SMALL, **values})
    for _ in range(steps):
        model.step()
    return model


def stepped_model() -> DemoModel:
    """A small model after 30 steps, with weak ties and leads that travel two hops."""
    return make_model(30, weak_tie_density=1.5, job_arrival=0.1, job_loss=0.03)
