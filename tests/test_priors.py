"""Priors live in one place (``sim/priors.py``) and stay consistent with the schema."""

from __future__ import annotations

import pytest

from frontends.docs import MODEL_DOC
from sim import params as schema
from sim.params import PARAMS, Scenario
from sim.priors import DISCRETE_PRIORS, PRIORS, Prior

# Parameters without a prior: the study's factors, the team's size, interventions, run settings,
# the unit of revenue and the channel mix. Any other number needs a prior with its reason.
CHOSEN_GROUPS = ("coaching", "hiring", "management", "simulation")
CHOSEN = {
    "reps.count",
    "reps.effort_hours",
    "reps.perception",
    "reps.regulation",
    "customers.value",
    "customers.value_spread",
    "channels.call_share",
    "channels.email_share",
}


def test_every_uncertain_number_parameter_has_a_prior_with_a_reason():
    uncertain = {
        name
        for name, spec in PARAMS.items()
        if spec.type in ("int", "float") and spec.group not in CHOSEN_GROUPS
    } - CHOSEN
    every = {**PRIORS, **DISCRETE_PRIORS}
    assert uncertain == set(every) and not set(PRIORS) & set(DISCRETE_PRIORS)
    for name in uncertain:
        assert PARAMS[name].prior is every[name]
        assert len(every[name].reason) > 20


def test_the_samplers_priors_are_those_that_act_under_the_default_rate_schedule():
    """The pattern map, plausible worlds and calibration draw ``PRIORS``: nothing there may be a
    parameter that the default (rate) schedule ignores, and every channel parameter with a prior
    is one it ignores."""
    assert Scenario().channels.schedule == "rate"
    assert not any(name.startswith("channels.") for name in PRIORS)
    assert all(name.startswith("channels.") for name in DISCRETE_PRIORS)


def test_the_former_hidden_constants_are_parameters_with_priors():
    for name in (
        "dynamics.detection_steepness",
        "dynamics.falling_scale",
        "dynamics.recent_weight",
    ):
        assert PARAMS[name].prior is not None


@pytest.mark.parametrize(
    ("name", "prior", "problem"),
    [
        ("dynamics.decay", Prior(0.05, 2.0, "uniform", "x"), "not within"),
        ("dynamics.decay", Prior(0.04, 0.06, "uniform", "x"), "default 0.03 is outside"),
        ("dynamics.nonsense", Prior(0.0, 1.0, "uniform", "x"), "not a number parameter"),
        ("reps.profiles", Prior(0.0, 1.0, "uniform", "x"), "not a number parameter"),
    ],
)
def test_a_prior_that_contradicts_the_schema_is_refused(monkeypatch, name, prior, problem):
    monkeypatch.setitem(schema.ALL_PRIORS, name, prior)
    with pytest.raises(ValueError, match=problem):
        schema._check_priors()


def test_the_model_description_shows_every_prior_and_its_reason():
    text = MODEL_DOC.read_text(encoding="utf-8")
    for name, prior in PRIORS.items():
        assert f"| `{name}` |" in text and prior.reason in text
