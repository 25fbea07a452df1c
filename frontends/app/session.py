"""One browser session's run: its model, the scenario it was built from, and a lock."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any

from frontends.app.data import INTERVENABLE, Plan, scenario_from
from sim.model import RapportModel
from sim.params import ConfigError, Scenario


class Pace:
    """How fast a run plays: the weeks stepped in the last ``WINDOW`` seconds (or the last three,
    if slower), and whether that falls short of the speed asked for (weeks a second).

    Each played week waits for the browser to draw the one before (``Session.wait_drawn``), so
    a slow machine or browser plays slower than the speed slider says; the page then says how
    fast it plays. It says so once the run plays at under ``SHORT`` of the speed asked, and
    stops once it is back at ``CAUGHT_UP`` of it: a pace near one bound does not flicker.
    """

    WINDOW = 1.5
    SHORT = 0.8
    CAUGHT_UP = 0.9

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._weeks: deque[tuple[float, int]] = deque()  # (when, week), oldest first
        self._rate: float | None = None
        self._short = False

    def played(self, week: int, when: float, speed: float) -> None:
        """The run stepped to ``week`` at ``when`` (``time.perf_counter()``), asked to play at
        ``speed``."""
        with self._lock:
            self._weeks.append((when, week))
            # the last WINDOW seconds, and at least the last three weeks: a pace slower than
            # two weeks in the window is told too (over the time of its last three weeks)
            while len(self._weeks) > 3 and self._weeks[0][0] < when - self.WINDOW:
                self._weeks.popleft()
            (start, first), (end, last) = self._weeks[0], self._weeks[-1]
            if len(self._weeks) < 3 or end - start < 1.0:  # too soon to tell
                self._rate, self._short = None, False
                return
            self._rate = (last - first) / (end - start)
            bound = self.CAUGHT_UP if self._short else self.SHORT
            self._short = self._rate < bound * speed

    def stopped(self) -> None:
        """The run paused, finished or started anew: its pace so far says nothing of the next."""
        with self._lock:
            self._weeks.clear()
            self._rate, self._short = None, False

    def short(self) -> float | None:
        """The weeks a second it plays at, if that falls short of the speed asked; else None."""
        with self._lock:
            return self._rate if self._short else None


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
        self.pace = Pace()  # how fast the play loop steps (it records, the page reads)

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
