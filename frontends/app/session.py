"""One browser session's run: its model, the scenario it was built from, and a lock."""

from __future__ import annotations

import threading

from sim.model import RapportModel
from sim.params import Scenario


class Session:
    """One browser session's run: its model, the scenario it was built from, a lock.

    The play thread steps the model while the page reads it, so both hold the lock.
    """

    def __init__(self, scenario: Scenario):
        self.lock = threading.RLock()
        self.model = RapportModel(scenario)
        self.scenario = scenario

    def rebuild(self, scenario: Scenario) -> None:
        """Replace the model by a new one built from ``scenario`` (week 0)."""
        with self.lock:
            self.model = RapportModel(scenario)
            self.scenario = scenario

    @property
    def finished(self) -> bool:
        """Whether the run has reached its last week."""
        return self.model.week >= self.scenario.simulation.weeks
