"""Priors live in one place (``sim/priors.py``) and stay consistent with the schema."""

from __future__ import annotations

import json
import re

import pytest

from frontends.docs import MODEL_DOC
from sim import params as schema
from sim.params import PARAMS, Scenario
from sim.priors import DISCRETE_PRIORS, PRIORS, Prior
from sim.priors_de import REASONS_DE
from sim.texts import bound_units
from tests.helpers import rapport_in_process

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


def _figures(text: str, lang: str) -> list[float]:
    """The numbers a reason names, read as its language writes them (1,162 and 0.23 in English,
    1.162 and 0,23 in German)."""
    found = []
    for figure in re.findall(r"\d+(?:[.,]\d+)*", text):
        thousands = "," if lang == "en" else "."
        if re.fullmatch(rf"\d{{1,3}}(\{thousands}\d{{3}})+", figure):
            figure = figure.replace(thousands, "")
        found.append(float(figure.replace(",", ".")))
    return sorted(found)


def test_every_prior_has_its_reason_in_german_with_the_same_figures():
    """`rapport params --priors --lang de` said "Begründung (englisch)" and gave the English
    reason: each prior now has a German one, naming the same sources and figures."""
    every = {**PRIORS, **DISCRETE_PRIORS}
    assert REASONS_DE.keys() == every.keys()
    for name, prior in every.items():
        german = REASONS_DE[name]
        assert german != prior.reason and len(german) > 20, name
        assert _figures(german, "de") == _figures(prior.reason, "en"), name
        assert ("Keine Quelle" in german) == ("No source" in prior.reason), name


def test_the_parameter_list_in_german_gives_the_german_reasons(monkeypatch, capsys):
    listed = rapport_in_process(monkeypatch, capsys, "params", "--priors", "--lang", "de")
    assert listed.returncode == 0, listed.stderr
    assert "englisch" not in listed.stdout
    for name, reason in REASONS_DE.items():
        # a number keeps its unit on its line ("5\u00a0h/Woche"), as every German text does
        assert f"Begründung: {bound_units(reason, 'de')}" in listed.stdout, name
    table = rapport_in_process(
        monkeypatch, capsys, "params", "--priors", "--lang", "de", "--format", "markdown"
    )
    assert REASONS_DE["customers.need"] in table.stdout
    assert PRIORS["customers.need"].reason not in table.stdout
    every = json.loads(rapport_in_process(monkeypatch, capsys, "params", "--format", "json").stdout)
    for entry in every:
        if entry["prior"] is not None:
            assert entry["prior"]["reason_de"] == REASONS_DE[entry["name"]]
