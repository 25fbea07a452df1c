"""The model's state: per-rep and per-customer arrays, and helpers over portfolios.

``RapportModel`` owns one ``RepState`` and one ``CustomerState``; the weekly phases
(``sim.model``), the metrics (``sim.metrics``) and the agents (``sim.agents``) read and write them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

# What a rep does and earns in a week: recomputed every week, zero before the first.
WEEKLY_FLOWS = (
    "contact_hours",
    "value_hours",
    "prospecting_hours",
    "training_hours",
    "wasted_hours",
    "revenue",
    "signals_noticed",
)


@dataclass
class RepState:
    """Per-rep arrays; index i is rep i."""

    profile: list[str]
    effort_hours: np.ndarray
    perception: np.ndarray
    regulation: np.ndarray
    base_perception: np.ndarray
    base_regulation: np.ndarray
    recent_relationship: np.ndarray
    push: np.ndarray
    contact_hours: np.ndarray
    value_hours: np.ndarray
    prospecting_hours: np.ndarray
    training_hours: np.ndarray
    wasted_hours: np.ndarray
    revenue: np.ndarray
    churned: np.ndarray
    signals_noticed: np.ndarray
    active: (
        np.ndarray
    )  # customers the rep has (a float count; fewer than the slots when some are empty)
    # weeks run before the rep joined the team (0 for the starting team; a coaching programme
    # gives a rep the part of its gain they attended)
    joined: np.ndarray = field(default_factory=lambda: np.zeros(0))


@dataclass
class CustomerState:
    """Per-customer-slot arrays; slot j belongs to rep ``owner[j]``.

    A slot is empty (``present`` 0, ``customer_id`` −1) from the week its customer churned until
    prospecting wins a new one, when ``acquisition_hours`` > 0; an empty slot holds relationship,
    irritation, wear, felt rates and restraint 0.
    """

    owner: np.ndarray
    present: np.ndarray  # 1.0 where the slot has a customer, 0.0 where it is empty
    need: np.ndarray
    tolerance: np.ndarray
    clarity: np.ndarray
    value: np.ndarray
    relationship: np.ndarray
    irritation: np.ndarray
    wear: np.ndarray
    pressure: np.ndarray  # the contact rate the customer has felt lately (7.2)
    # The felt rate the rep's plan leads the customer to expect: ``pressure`` over the expected
    # contacts instead of the whole ones (equal to it under the rate schedule; 7.3's cut).
    expected_pressure: np.ndarray
    restraint: np.ndarray
    contacts: np.ndarray  # this week's contacts as the customer counts them (weighted by channel)
    planned: np.ndarray  # the rep's expected contacts for this customer (the rate before rounding)
    contact_time: np.ndarray  # the rep's hours in this week's contacts with this customer
    channel_contacts: np.ndarray  # whole contacts per channel this week, (customers, channels)
    unwanted: np.ndarray
    beyond: np.ndarray  # this week the felt rate exceeded the (worn) tolerance
    signalled: np.ndarray
    noticed: np.ndarray
    purchased: np.ndarray
    churned: np.ndarray
    customer_id: np.ndarray


@dataclass
class Intervention:
    """A change of team traits made mid-run; it applies from the week after ``week``."""

    week: int
    changes: dict[str, float] = field(default_factory=dict)


class HasPortfolios(Protocol):
    """Anything that holds a team's and its customers' state (the model, a test double)."""

    rep_state: RepState
    customer_state: CustomerState


# ``np.add.reduce`` and a division are what ``ndarray.mean`` computes, to the bit,
# without their Python wrappers: for a small team those wrappers cost more than the sums.


def rep_mean(model: HasPortfolios, values: np.ndarray) -> np.ndarray:
    """Mean of a per-customer array over each rep's portfolio."""
    portfolios = by_rep(model, values)
    return np.add.reduce(portfolios, axis=1) / portfolios.shape[1]


def by_rep(model: HasPortfolios, values: np.ndarray) -> np.ndarray:
    """A per-customer array viewed as (reps, customers per rep): row i is rep i's portfolio.

    Slots are ordered by rep, so this is a view, and per-rep values broadcast as ``x[:, None]``.
    """
    return values.reshape(model.rep_state.effort_hours.size, -1)
