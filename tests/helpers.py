"""Helpers the tests share: the repository's path, small scenarios built from the schema, and
child processes (a real Dask cluster on loopback among them)."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import string
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sim.model import RapportModel
from sim.params import Scenario

REPO = Path(__file__).resolve().parents[1]
DASK = str(Path(sys.executable).with_name("dask"))


def scenario(**values) -> Scenario:
    """The default scenario with dotted-name values given as keyword args (dots as '__')."""
    return Scenario().with_values({k.replace("__", "."): v for k, v in values.items()})


def small_model(seed: int = 1, **values) -> RapportModel:
    """A small model: 4 reps × 20 customers unless overridden."""
    values = {"reps__count": 4, "customers__per_rep": 20, **values}
    return RapportModel(scenario(**values), seed=seed)


def rapport_in_process(
    monkeypatch, capsys, *args: Any, cwd: Path = REPO
) -> subprocess.CompletedProcess:
    """``rapport ARGS`` in this process, from the folder ``cwd`` (the repository's unless
    given), as the installed command runs it (``main()`` turns errors into one line and an exit
    code); the result as a finished process. For refusals, checks and commands that simulate in
    this process (``rapport run``, a sweep on one worker): a real process's start-up (1-2.5 s
    of CPU with the libraries a command loads) adds nothing to what they check. Not for claims
    about processes (signals, locks another process holds, workers, the installed script)."""
    import frontends.cli as cli
    from frontends.cli import main

    argv = ["rapport", *map(str, args)]
    monkeypatch.chdir(cwd)
    # ``main`` keeps the line's language for ``fail`` in a module global: a German line must not
    # leave later commands of this process refusing in German
    monkeypatch.setattr(cli, "_language", ["en"])
    monkeypatch.setattr(sys, "argv", argv)
    try:
        main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 0 if exit_.code is None else 1
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(argv, code, out, err)


class CapturedOutput:
    """What ``capsys`` gives ``rapport_in_process`` where there is no ``capsys``: this
    process's standard output and error, captured (as ``capsys`` captures them) until
    ``monkeypatch`` is undone."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.streams = []
        for name in ("stdout", "stderr"):
            stream = io.TextIOWrapper(
                io.BytesIO(), encoding="utf-8", newline="", write_through=True
            )
            monkeypatch.setattr(sys, name, stream)
            self.streams.append(stream)

    def readouterr(self) -> tuple[str, str]:
        out, err = (stream.buffer.getvalue().decode("utf-8") for stream in self.streams)
        return out, err


def rapport_for_a_module(*args: Any) -> subprocess.CompletedProcess:
    """``rapport ARGS`` in this process (``tests.helpers.rapport_in_process``) for a fixture of
    a whole module, which cannot use the test's own ``monkeypatch`` and ``capsys``: with its
    own, undone when the command ends. Only for commands that run in this process (a sweep on
    one worker)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        return rapport_in_process(monkeypatch, CapturedOutput(monkeypatch), *args)


def child_env(**extra: str) -> dict[str, str]:
    """This environment for a child process, with the repository importable."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(REPO)
    env.update(extra)
    return env


def plain_numpy_worker() -> tuple[dict[str, str], dict[str, Any]]:
    """An environment whose processes' numpy uses none of its optional processor features
    (``NPY_DISABLE_CPU_FEATURES``, numpy 2's dispatch targets on x86-64), as on an older
    machine whose ``exp`` differs in the last bit now and then; and the machine facts a worker
    started in it reports (``sim.machine.worker_machine``), asked of a real process."""
    env = child_env(NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL AVX512_SPR")
    facts = "from sim.machine import worker_machine; print(worker_machine())"
    probe = subprocess.run(
        [sys.executable, "-c", facts], env=env, capture_output=True, text=True, check=True
    )
    worker = json.loads(probe.stdout)
    assert worker["numpy_simd"] == []
    return env, worker


def free_port() -> int:
    """A loopback port nobody listens on (just now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll ``condition`` until it is truthy (and return it) or fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def kill_group(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """Signal a child's whole process group (it was started in its own session)."""
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass


def left_in_group(proc: subprocess.Popen) -> list[str]:
    """The processes still running in a child's process group (its workers once it has
    exited), each as its pid and command line. Not those that have ended or are ending: a
    pool's fork server and resource tracker end with the command, then wait (state Z) for their
    new parent to reap them, and a process on its way out shows no command line."""
    listed = subprocess.run(
        ["ps", "-o", "pid=,stat=,args=", "-g", str(proc.pid)], capture_output=True, text=True
    )
    left = []
    for line in listed.stdout.splitlines():
        pid, stat, args = [*line.split(maxsplit=2), ""][:3]
        # ps shows a process without a command line in brackets: one that has released its
        # memory on its way out (closing its files, which let the command's pipes end, came
        # first)
        if not stat.startswith("Z") and not args.startswith("["):
            left.append(f"{pid} {args}")
    return left


def gated_env(folder: Path, code: str) -> tuple[dict[str, str], Path]:
    """An environment whose every Python process runs ``code`` first (a ``sitecustomize.py``
    in ``folder``, ahead on PYTHONPATH), and the gate file it may wait for, named in
    RAPPORT_TEST_GATE (``code`` creates that name with ``-held`` added while it waits)."""
    inject = folder / "gate-inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(code, encoding="utf-8")
    gate = folder / "gate-open"
    env = child_env(PYTHONPATH=f"{inject}{os.pathsep}{REPO}", RAPPORT_TEST_GATE=str(gate))
    return env, gate


def holding(module: str, name: str, where: str = "True") -> str:
    """The code for ``gated_env`` that holds each call of ``module.name`` (where the expression
    ``where`` is true, in whichever process makes it) until the gate opens. Held functions are
    sent to worker processes by name, as ``sitecustomize.held``, which every worker has too."""
    return f"""
import multiprocessing
import os
import time

import {module} as module

_held = module.{name}


def held(*args, **kwargs):
    if {where}:
        gate = os.environ["RAPPORT_TEST_GATE"]
        open(gate + "-held", "w").close()
        while not os.path.exists(gate):
            time.sleep(0.01)
    return _held(*args, **kwargs)


module.{name} = held
"""


# How a user stops a command, and the exit code each must give: a terminal's Ctrl-C (SIGINT to
# the command's process group) and ``kill PID`` (SIGTERM to the command alone).
STOPS = pytest.mark.parametrize(
    ("signum", "group", "code"),
    [(signal.SIGINT, True, 130), (signal.SIGTERM, False, 143)],
    ids=["ctrl-c", "kill-pid"],
)


@dataclass
class Stopped:
    returncode: int
    stderr: str
    seconds: float  # from the signal to the command's exit
    left: list[str]  # ``left_in_group`` as it exited


def stopped_while_held(
    command: list[str],
    env: dict[str, str],
    gate: Path,
    signum: int,
    group: bool = True,
    ready: Callable[[], Any] = lambda: True,
) -> Stopped:
    """Start ``command`` in its own session with the ``gated_env`` ``env``; once ``gate`` holds
    a task and ``ready()`` is truthy, send ``signum`` to its process group (a terminal's
    Ctrl-C) or to the command alone (``kill PID``) and wait for its exit (30 s at most: the
    held task never ends). The gate is opened and the group ended afterwards, whatever
    happened."""
    proc = subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        held = gate.with_name(gate.name + "-held")
        wait_until(lambda: held.exists() and ready(), 120, "a held task")
        start = time.monotonic()
        kill_group(proc, signum) if group else proc.send_signal(signum)
        try:
            _, stderr = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail("still running 30 s after the signal: it waits for the held task")
        return Stopped(proc.returncode, stderr, time.monotonic() - start, left_in_group(proc))
    finally:
        gate.touch()
        stop(proc)


def assert_stopped_at_once(stopped: Stopped, code: int, said: str) -> None:
    """A command stopped by a signal while a task was held exited with ``code``, saying
    ``said`` alone on stderr, and left no process running in its group.

    That it exited at all is the claim "at once": the held task never ends, so a command that
    waited for its tasks in flight would still be running when ``stopped_while_held`` gives up.
    No bound on the seconds is asserted (a timed check flakes on a loaded machine); README's
    stop figures come from measuring, and ``seconds`` is in the messages to see them."""
    took = f"exited {stopped.seconds:.1f} s after the signal"
    assert stopped.returncode == code, (
        f"exit code {stopped.returncode}, {took}, stderr: {stopped.stderr!r}"
    )
    assert stopped.stderr.strip() == said, f"{took}, stderr: {stopped.stderr!r}"
    assert stopped.left == [], f"processes left behind: {stopped.left}"


def stop(proc: subprocess.Popen) -> None:
    """Terminate a process group politely, then for sure; always reap the leader."""
    if proc.poll() is None:
        kill_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
    kill_group(proc, signal.SIGKILL)
    proc.communicate() if proc.stdout or proc.stderr else proc.wait()


@dataclass
class DaskCluster:
    address: str
    workers: list[subprocess.Popen]  # the `dask worker` commands (nannies of the worker processes)
    scheduler: subprocess.Popen  # the `dask scheduler` command


@contextmanager
def dask_on_loopback(
    folder: Path, workers: int = 2, env: dict[str, str] | None = None
) -> Iterator[DaskCluster]:
    """A real Dask scheduler and ``workers`` single-threaded workers on 127.0.0.1, each its own
    command (``dask scheduler``, ``dask worker``) with its log in ``folder``, in the environment
    ``env`` (default: ``child_env()``).

    Separate commands, not a ``LocalCluster`` in the test process: there its threads outlive the
    test, and its scheduler's HTTP server (on even without the dashboard) first tries port
    8787 and warns when another cluster on the machine holds it, which the suite's
    ``filterwarnings = error`` turns into "Cluster failed to start". Here every port is chosen
    by the system.
    """
    scheduler_file = folder / "scheduler.json"
    processes: list[subprocess.Popen] = []
    logs = []

    def launch(*args: str, log: str) -> None:
        handle = open(folder / log, "w")  # closed at exit
        logs.append(handle)
        processes.append(
            subprocess.Popen(
                [DASK, *args],
                cwd=REPO,
                env=env or child_env(),
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )

    try:
        launch(
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--scheduler-file",
            str(scheduler_file),
            "--no-dashboard",
            "--dashboard-address",
            "127.0.0.1:0",
            log="scheduler.log",
        )
        wait_until(scheduler_file.is_file, 30, "the Dask scheduler file")
        address = wait_until(
            lambda: json.loads(scheduler_file.read_text() or "{}").get("address"),
            10,
            "the scheduler address",
        )
        for i in range(workers):
            launch(
                "worker",
                "--scheduler-file",
                str(scheduler_file),
                "--host",
                "127.0.0.1",
                "--nthreads",
                "1",
                "--no-dashboard",
                "--local-directory",
                str(folder / f"worker-{i}"),
                log=f"worker-{i}.log",
            )
        # Wait in a separate process: a Client here would leave threads in the test process.
        # (With no workers there is nothing to wait for: Dask refuses to wait for 0.)
        if workers:
            subprocess.run(
                [
                    sys.executable,
                    "-c",
                    "import sys; from distributed import Client\n"
                    "with Client(sys.argv[1], timeout='30s') as c: "
                    "c.wait_for_workers(int(sys.argv[2]), timeout=60)",
                    address,
                    str(workers),
                ],
                cwd=REPO,
                env=child_env(),
                check=True,
                timeout=90,
                capture_output=True,
            )
        yield DaskCluster(address, processes[1:], processes[0])
    finally:
        for proc in reversed(processes):
            stop(proc)
        for handle in logs:
            handle.close()


@contextmanager
def service_that_never_answers() -> Iterator[str]:
    """A loopback port where something other than a Dask scheduler listens: it accepts every
    connection and then waits for a request, never writing (as a web server does, e.g. a
    scheduler's dashboard); yields its address ``tcp://127.0.0.1:PORT``."""
    import threading

    held: list[socket.socket] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.1)
    done = threading.Event()

    def accept() -> None:
        while not done.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:  # the timeout: look whether to stop
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"tcp://127.0.0.1:{server.getsockname()[1]}"
    finally:
        done.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()


def placeholders(text: str) -> set[str]:
    """The names a text's ``{...}`` fields format."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def assert_same_placeholders(texts: dict[str, dict[str, str]]) -> None:
    """A table of texts in English and German: every key in both, with the same placeholders."""
    assert set(texts["de"]) == set(texts["en"])
    for key, english in texts["en"].items():
        assert placeholders(texts["de"][key]) == placeholders(english), key
