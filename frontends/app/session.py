"""One browser session's run: its model, the scenario it was built from, and a lock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from frontends.app.data import INTERVENABLE, Plan, scenario_from
from sim.model import RapportModel
from sim.params import ConfigError, Scenario


class Session:
    """One browser session's run: its model, the scenario it was built from, a lock.

    The play thread steps the model while the page reads it, so both hold the lock.
    """

    def __init__(self, scenario: Scenario):
        self.lock = threading.RLock()
        self.model = RapportModel(scenario)
        self.scenario = scenario
        self.wake = threading.Event()  # set on Play, so an idle play loop starts at once
        self._drawn = threading.Condition()
        self._drawn_tick = -1

    def mark_drawn(self, tick: int) -> None:
        """The browser has drawn the page as of ``tick`` (a count of model changes)."""
        with self._drawn:
            self._drawn_tick = max(self._drawn_tick, tick)
            self._drawn.notify_all()

    def wait_drawn(self, tick: int, stop: Callable[[], bool], timeout: float) -> bool:
        """Wait until the browser has drawn ``tick``, ``stop()`` is true or ``timeout`` passed.

        Returns whether it was drawn.
        """
        deadline = time.monotonic() + timeout
        with self._drawn:
            while self._drawn_tick < tick and not stop():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._drawn.wait(min(left, 0.02))  # also looks at stop() now and then
            return self._drawn_tick >= tick

    def rebuild(self, scenario: Scenario) -> None:
        """Replace the model by a new one built from ``scenario`` (week 0)."""
        with self.lock:
            self.model = RapportModel(scenario)
            self.scenario = scenario

    @property
    def finished(self) -> bool:
        """Whether the run has reached its last week."""
        return self.model.week >= self.scenario.simulation.weeks

    def plan_with(self, values: Mapping[str, Any]) -> Plan | None:
        """The run so far with the settings ``values`` (None if they are invalid).

        Before the first week every setting counts; mid-run, effort and empathy are the model's
        interventions, so they come from the model.
        """
        with self.lock:
            plan = Plan.of(self.model)
            if self.model.week == 0:
                current = dict(values)
            else:
                current = {**values, **{n: self.scenario.get(n) for n in INTERVENABLE}}
        try:
            return plan.with_scenario(scenario_from(current))
        except ConfigError:
            return None
