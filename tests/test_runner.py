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


def test_a_run_too_large_for_the_memory_left_fails_alone_with_a_line_saying_so(monkeypatch):
    """An audit: a sweep's runs go as batched worlds, which (unlike a model built alone) did not
    check their memory first: a point of reps.count 100000 × customers.per_rep 1000 that the dry
    run warned about ("runs that do not fit fail") ran for minutes instead of failing. Here the
    memory left is made 1 MB: the run larger than a batch fails, naming the memory; the small
    runs of the same group do not need the check and run."""
    import sim.resources

    monkeypatch.setattr(sim.resources, "available_memory", lambda: 1_000_000)
    large = {**BASE, "reps": {"count": 100}, "customers": {"per_rep": 600}}  # 60,000 slots
    tasks = [task("small", 0, 11, BASE), task("large", 0, 11, large)]
    outcomes = {o.task.key: o for o in execute_runs(tasks)}
    assert outcomes["small"].error is None and outcomes["small"].columns
    error = outcomes["large"].error
    assert error is not None and not outcomes["large"].columns
    assert "60,000 customer slots" in error and "1.0 MB is available" in error, error
