"""Mesa agents: the public face of the model.

A ``SalesRep`` or ``Customer`` holds no state of its own while it is in the model: its attributes
read and write the arrays the model owns, so inspecting an agent always shows the engine's state
and setting an attribute changes the simulation. A customer who churns is retired: ``active``
turns False, its attributes then read its last state from the model's churn log, it leaves the
model, and a new ``Customer`` takes the slot.

Agents point to their model through a weak reference: the model holds its agents, and a cycle
back would keep a dropped model's arrays alive until the garbage collector ran.
"""

from __future__ import annotations

import math
import weakref
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from sim.params import ConfigError, shorten, show_bound

if TYPE_CHECKING:
    from sim.model import RapportModel

CUSTOMER_FIELDS = (
    "need",
    "tolerance",
    "clarity",
    "value",
    "relationship",
    "irritation",
    "wear",
)


# What an agent's attribute may be set to: the range the model keeps it in (a NaN or a negative
# tolerance written from Python went into the arrays and spoiled every metric after it).
BOUNDS = {
    "effort_hours": (1.0, math.inf),
    "perception": (0.0, 1.0),
    "regulation": (0.0, 1.0),
    "need": (0.0, math.inf),
    "tolerance": (0.0, math.inf),
    "clarity": (0.0, 1.0),
    "value": (0.0, math.inf),
    "relationship": (0.0, 1.0),
    "irritation": (0.0, math.inf),
    "wear": (0.0, math.inf),
}


def _checked(where: str, name: str, value: Any) -> float:
    """``value`` as a float if ``name`` may take it, else ConfigError naming it and the range."""
    shown = f"{where}: {name}: {shorten(value)}"
    if isinstance(value, str):  # "0.5" is read as the number, as in scenarios
        try:
            value = float(value)
        except ValueError:
            raise ConfigError(f"{shown} is not a number") from None
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ConfigError(f"{shown} is not a number")
    if not math.isfinite(value):
        raise ConfigError(f"{shown} is not a finite number")
    low, high = BOUNDS[name]
    if value < low:
        raise ConfigError(f"{shown} is below the minimum {show_bound(low)}")
    if value > high:
        raise ConfigError(f"{shown} is above the maximum {show_bound(high)}")
    return float(value)


def _rep_field(name: str, doc: str) -> property:
    def get(self: SalesRep) -> float:
        return float(getattr(self.model.rep_state, name)[self.index])

    def put(self: SalesRep, value: float) -> None:
        value = _checked(f"rep {self.index}", name, value)
        getattr(self.model.rep_state, name)[self.index] = value

    return property(get, put, doc=doc)


def _customer_field(name: str, doc: str) -> property:
    def get(self: Customer) -> float:
        if not self.active:
            return self.model.churned_customer(self.customer_id)[name]
        return float(getattr(self.model.customer_state, name)[self.slot])

    def put(self: Customer, value: float) -> None:
        if not self.active:
            raise AttributeError("a churned customer cannot be changed")
        value = _checked(f"customer {self.customer_id}", name, value)
        getattr(self.model.customer_state, name)[self.slot] = value

    return property(get, put, doc=doc)


class _RapportAgent(mesa.Agent):
    """A Mesa agent whose ``model`` is a weak reference (the model owns the agent, not back)."""

    @property
    def model(self) -> RapportModel:
        model = self._model()
        if model is None:
            raise ReferenceError("this agent's model no longer exists")
        return model

    @model.setter
    def model(self, model: RapportModel) -> None:
        self._model = weakref.ref(model)

    # A weak reference neither pickles nor deep-copies (``copy.deepcopy`` kept it, so a copy's
    # agents read and wrote the original's arrays): the state holds the model itself, which a
    # copy of the model replaces with the copy.
    def __getstate__(self) -> dict:
        return {**self.__dict__, "_model": self.model}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.model = state["_model"]


class SalesRep(_RapportAgent):
    """A salesperson with an effort budget, two empathy facets and a portfolio of customers."""

    def __init__(self, model: RapportModel, index: int):
        super().__init__(model)
        self.index = index

    effort_hours = _rep_field("effort_hours", "Customer-facing hours per week.")
    perception = _rep_field("perception", "Chance-weight of noticing a subtle signal, 0 to 1.")
    regulation = _rep_field("regulation", "Emotion regulation, 0 to 1.")

    @property
    def profile(self) -> str:
        return self.model.rep_state.profile[self.index]

    @property
    def customers(self) -> list[Customer]:
        """The customers currently in this rep's portfolio (empty slots left out)."""
        per = self.model.params.customers.per_rep
        slots = self.model.slot_customers[self.index * per : (self.index + 1) * per]
        return [c for c in slots if c is not None]

    @property
    def relationship(self) -> float:
        """Mean relationship score over the portfolio's slots (an empty slot counts as 0, as in
        every metric)."""
        return sum(c.relationship for c in self.customers) / self.model.params.customers.per_rep


class Customer(_RapportAgent):
    """A customer with a welcome contact rate, a tolerance, irritation and a relationship."""

    def __init__(self, model: RapportModel, slot: int, customer_id: int):
        super().__init__(model)
        self.slot = slot
        self.customer_id = customer_id

    need = _customer_field("need", "Contact rate the customer welcomes (contacts/week).")
    tolerance = _customer_field("tolerance", "Contact rate beyond which contacts are unwanted.")
    clarity = _customer_field("clarity", "How clearly the customer signals annoyance, 0 to 1.")
    value = _customer_field("value", "Revenue of one purchase (k€).")
    relationship = _customer_field("relationship", "Relationship score, 0 to 1.")
    irritation = _customer_field("irritation", "Irritation (reactance) stock, 0 or more.")
    wear = _customer_field(
        "wear", "Lasting trace of past over-contact (fades slowly); it lowers the tolerance."
    )

    @property
    def active(self) -> bool:
        """Whether the customer is still in a portfolio (False once churned)."""
        return int(self.model.customer_state.customer_id[self.slot]) == self.customer_id

    @property
    def rep(self) -> SalesRep:
        """The rep whose portfolio holds (or held) this customer."""
        return self.model.reps[int(self.model.customer_state.owner[self.slot])]
