"""Groups of runs in one task: each run gets its own scenario and fails alone."""

from __future__ import annotations

from experiments.runner import RunTask, execute_run, execute_runs

BASE = {"reps": {"count": 3}, "customers": {"per_rep": 5}, "simulation": {"weeks": 6}}
METRICS = ("relational_performance", "revenue")


def task(key: str, replication: int, seed: int, base: dict, **values) -> RunTask:
    return RunTask(key, 0, replication, seed, values, base, METRICS, 1)


def test_a_points_replications_share_a_validation_yet_each_run_is_its_own():
    """A point's replications are validated once (its scenario shared); the other points, an
    invalid one (failing alone, each replication) and a base of other values keep their own."""
    other = {**BASE, "customers": {"per_rep": 5, "need": 0.5}}
    tasks = [
        task("a0", 0, 11, BASE, **{"reps.effort_hours": 20.0}),
        task("a1", 1, 12, BASE, **{"reps.effort_hours": 20.0}),
        task("b0", 0, 11, BASE, **{"reps.effort_hours": 500.0}),
        task("b1", 1, 12, BASE, **{"reps.effort_hours": 500.0}),
        task("c0", 0, 11, BASE, **{"reps.effort_hours": 55.0}),
        task("d0", 0, 11, other, **{"reps.effort_hours": 20.0}),
    ]
    outcomes = {o.task.key: o for o in execute_runs(tasks)}
    assert set(outcomes) == {t.key for t in tasks}
    for key in ("b0", "b1"):
        assert outcomes[key].error is not None
        assert "reps.effort_hours: 500" in outcomes[key].error
    for t in tasks:
        if t.key.startswith("b"):
            continue
        alone = execute_run(t)
        assert alone.error is None and outcomes[t.key].error is None
        assert outcomes[t.key].columns == alone.columns, t.key
    # Same values and seed, other base: a different run, not a cached copy of a0.
    assert outcomes["d0"].columns["revenue"] != outcomes["a0"].columns["revenue"]
    assert outcomes["a0"].columns["revenue"] != outcomes["a1"].columns["revenue"]
