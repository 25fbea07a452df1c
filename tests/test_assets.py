"""The app's browser assets: what Solara loads is installed locally, and missing files are named."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from frontends.app.assets import (
    default_cache_dir,
    main,
    missing_assets,
    package_store,
    referenced_assets,
)

RAPPORT = Path(sys.executable).with_name("rapport")


def test_solara_references_the_app_bundle_requirejs_and_the_chart_libraries():
    names = {a.package for a in referenced_assets()}
    assert {"@widgetti/solara-vuetify-app", "requirejs", "echarts", "vega"} <= names
    assert "@widgetti/solara-vuetify3-app" not in names  # ipyvuetify < 3 uses the Vue 2 bundle


def test_the_venv_holds_every_asset_the_page_can_request():
    assert missing_assets() == []


def test_check_lists_what_an_empty_cache_lacks(tmp_path, capsys):
    assert main(["--check", "--cache-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "requirejs@2.3.6/require.js" in err
    assert "python -m frontends.app.assets" in err


def test_the_app_refuses_to_start_without_assets_in_one_line(tmp_path):
    env = dict(os.environ, SOLARA_ASSETS_PROXY_CACHE_DIR=str(tmp_path))
    done = subprocess.run(
        [str(RAPPORT), "app", "--port", "0"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "make setup" in done.stderr and "python -m frontends.app.assets" in done.stderr


# --- the app's server: assets read-only -------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def _wait_until_served(process: subprocess.Popen, url: str) -> None:
    """Wait until the `rapport app` in ``process`` answers ``url`` with 200 (90 s at most)."""
    deadline = time.monotonic() + 90
    while True:
        try:
            if _get(url)[0] == 200:
                return
        except OSError:
            pass
        assert process.poll() is None, "rapport app exited"
        assert time.monotonic() < deadline, "rapport app did not answer within 90 s"
        time.sleep(0.5)


def _linked_copy(tmp: Path) -> Path:
    """The venv's cache and its tarballs as hard links under ``tmp`` (fast; files are replaced,
    never rewritten in place, by the server and the repair, so the venv's copy stays as it is)."""
    source = default_cache_dir()
    cache = tmp / "cdn"
    for src, dst in ((source, cache), (package_store(source), package_store(cache))):
        shutil.copytree(src, dst, symlinks=True, copy_function=os.link)
    return cache


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every path under ``folder`` with its inode and size (what a write or delete changes)."""
    return {
        str(p.relative_to(folder)): (p.lstat().st_ino, p.lstat().st_size)
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def served_cache(tmp_path_factory):
    """A real `rapport app` serving a linked copy of the assets cache: (base URL, cache)."""
    cache = _linked_copy(tmp_path_factory.mktemp("assets"))
    port = _free_port()
    env = dict(os.environ, SOLARA_ASSETS_PROXY_CACHE_DIR=str(cache))
    process = subprocess.Popen(
        [str(RAPPORT), "app", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/_solara/cdn/"
    try:
        _wait_until_served(process, base + REQUIRE)
        yield base, cache
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


REQUIRE = "requirejs@2.3.6/require.js"


@pytest.mark.parametrize(
    "folder", ["@widgetti/solara-vuetify-app@10.1.1/dist", "echarts@5.4.0/theme"]
)
def test_a_get_of_a_folder_path_is_404_and_leaves_the_folder_intact(served_cache, folder):
    base, cache = served_cache
    before = _snapshot(cache / folder)
    assert before, f"{folder} should be in the cache"
    assert _get(base + folder)[0] == 404
    time.sleep(1)  # Solara's proxy deleted the folder in a worker thread, soon after
    assert _snapshot(cache / folder) == before


def test_uncached_paths_are_404_at_once_and_do_not_hold_up_a_cached_file(served_cache):
    base, cache = served_cache
    uncached = [f"{base}not-installed-{i}@1.0.{i}/index.js" for i in range(80)]
    with ThreadPoolExecutor(max_workers=80) as pool:
        answers = pool.map(_get, uncached)
        start = time.perf_counter()
        status, body = _get(base + REQUIRE)
        cached_seconds = time.perf_counter() - start
        statuses = {code for code, _ in answers}
    assert statuses == {404}
    assert status == 200 and body == (cache / REQUIRE).read_bytes()
    # Generous: Solara's proxy took 13-18 s here, its CDN retries filling the thread pool.
    assert cached_seconds < 5


def test_serving_writes_fetches_and_deletes_nothing_in_the_cache(served_cache):
    base, cache = served_cache
    before = _snapshot(cache)
    paths = [
        REQUIRE,
        "requirejs@2.3.6",  # a bare package URL: its __main.js or nothing, never a fetch
        "vega@5/build/vega.min.js",
        "vega@5",
        "@widgetti/solara-vuetify-app@10.1.1/dist",
        "left-pad@1.3.0/index.js",
        "..%2F..%2F..%2Fetc%2Fpasswd",
        "vega@5/..%2F..%2F..%2Fetc%2Fpasswd",
    ]
    codes = {path: _get(base + path)[0] for path in paths}
    time.sleep(1)
    assert _snapshot(cache) == before
    assert codes[REQUIRE] == 200 and codes["vega@5/build/vega.min.js"] == 200
    assert codes["left-pad@1.3.0/index.js"] == 404
    assert codes["..%2F..%2F..%2Fetc%2Fpasswd"] == 404
    assert codes["vega@5/..%2F..%2F..%2Fetc%2Fpasswd"] == 404


def test_the_repair_restores_deleted_and_changed_files_without_network(tmp_path):
    cache = _linked_copy(tmp_path)
    source = default_cache_dir()
    dist = "@widgetti/solara-vuetify-app@10.1.1/dist"
    changed = "echarts@5.4.0/dist/echarts.min.js"
    shutil.rmtree(cache / dist)  # what one GET did through Solara's proxy
    (cache / changed).unlink()  # unlink first: the file is a hard link to the venv's copy
    (cache / changed).write_text("tampered")
    (cache / "vega@5").unlink()
    (cache / "requirejs@2.3.6/require.min.js").unlink()
    env = dict(os.environ, NPM_CONFIG_REGISTRY="http://127.0.0.1:9/")  # nothing answers there
    done = subprocess.run(
        [sys.executable, "-m", "frontends.app.assets", "--cache-dir", str(cache)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "repaired" in done.stdout
    for path in (f"{dist}/solara-vuetify-app8.js", changed, "requirejs@2.3.6/require.min.js"):
        assert (cache / path).read_bytes() == (source / path).read_bytes(), path
    assert os.readlink(cache / "vega@5") == os.readlink(source / "vega@5")
    assert missing_assets(cache) == []


def test_check_names_a_changed_file_and_passes_an_intact_cache(tmp_path, capsys):
    cache = _linked_copy(tmp_path)
    assert main(["--check", "--cache-dir", str(cache)]) == 0
    assert "complete and unchanged" in capsys.readouterr().out
    changed = "echarts@5.4.0/dist/echarts.min.js"
    original = (cache / changed).read_bytes()
    (cache / changed).unlink()  # unlink first: the file is a hard link to the venv's copy
    (cache / changed).write_bytes(original[:-1] + bytes([original[-1] ^ 1]))  # one bit flipped
    assert main(["--check", "--cache-dir", str(cache)]) == 1
    err = capsys.readouterr().err
    assert f"  {changed}\n" in err and "1 asset file(s) changed" in err


def test_host_0000_says_who_can_reach_the_app_and_that_there_is_no_login():
    process = subprocess.Popen(
        [str(RAPPORT), "app", "--host", "0.0.0.0", "--port", str(_free_port())],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        lines = [process.stderr.readline() for _ in range(3)]
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        process.stderr.close()
    text = " ".join(lines)
    assert "every network interface" in text and "no login" in text
    url = re.search(r"http://([\d.]+):\d+/", text)
    assert url and url.group(1) != "0.0.0.0"  # an address others can type


def _app_writing_to(log: Path, port: int) -> subprocess.Popen:
    """`rapport app --port PORT` started as a user starts it, its terminal output in ``log``."""
    with log.open("w") as stderr:
        return subprocess.Popen(
            [str(RAPPORT), "app", "--port", str(port)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )


def test_the_terminal_shows_the_address_and_no_warnings_when_a_page_is_served(tmp_path):
    port = _free_port()
    log = tmp_path / "stderr.txt"
    process = _app_writing_to(log, port)
    try:
        _wait_until_served(process, f"http://127.0.0.1:{port}/")
        assert _get(f"http://127.0.0.1:{port}/_solara/cdn/{REQUIRE}")[0] == 200
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    text = log.read_text()
    assert f"Rapport app: http://127.0.0.1:{port}/" in text
    assert "Warning" not in text and "Traceback" not in text, text


def test_a_port_in_use_or_an_address_not_of_this_computer_is_refused_before_serving(monkeypatch):
    """uvicorn printed "[Errno 98] ... address already in use" after the terminal had shown the
    address as the app's; an instructor whose last app still runs now reads why, in one line."""
    from click.testing import CliRunner

    from frontends.commands import app as command

    def started(*args):
        raise AssertionError("the server was started")

    monkeypatch.setattr(command.os, "execve", started)
    app = command.app

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refusals = {
            f"--port {port}: 127.0.0.1:{port} is already in use": ["--port", str(port)],
            "--host 999.1.1.1: this computer cannot listen there": ["--host", "999.1.1.1"],
            # it listened on every address and printed http://:PORT/ to open
            "--host: an empty address; give one": ["--host", ""],
        }
        for expected, argv in refusals.items():
            done = CliRunner().invoke(app, argv)
            assert done.exit_code == 2, done.output
            assert done.output.count("\n") == 1 and expected in done.output, done.output
            assert "Rapport app:" not in done.output  # no address shown that nothing serves


def test_a_second_app_on_the_port_of_one_still_starting_is_refused_in_one_line(tmp_path):
    """The port was checked, closed and opened again by uvicorn seconds later: a second app
    started meanwhile passed the check, showed its address and then failed with uvicorn's
    "[Errno 98] ... address already in use" (exit code 3). The first app now listens from its
    check on, and its server serves on that very socket."""
    port = _free_port()
    log = tmp_path / "first.txt"
    first = _app_writing_to(log, port)
    try:
        deadline = time.monotonic() + 30
        while "Rapport app:" not in log.read_text():  # checked, not yet serving
            assert first.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        second = subprocess.run(
            [str(RAPPORT), "app", "--port", str(port)], capture_output=True, text=True, timeout=60
        )
        assert second.returncode == 2, second.stderr
        assert second.stderr == (
            f"rapport: error: --port {port}: 127.0.0.1:{port} is already in use (another "
            "Rapport app still running?); stop it or choose another --port\n"
        )
        _wait_until_served(first, f"http://127.0.0.1:{port}/")
    finally:
        os.killpg(first.pid, signal.SIGTERM)
        first.wait(timeout=30)
    assert "Traceback" not in log.read_text() and "Errno" not in log.read_text()


def test_lang_sets_the_language_every_page_opens_in_and_is_checked(monkeypatch):
    from click.testing import CliRunner

    from frontends.app.i18n import LANG_ENV
    from frontends.commands import app as command

    started = []
    monkeypatch.setattr(command.os, "execve", lambda path, args, env: started.append(env))
    monkeypatch.delenv(LANG_ENV, raising=False)
    for argv, expected in ((["--lang", "de"], "de"), ([], None)):
        done = CliRunner().invoke(command.app, ["--port", "0", *argv])
        assert done.exit_code == 0, done.output
        assert started.pop().get(LANG_ENV) == expected
    done = CliRunner().invoke(command.app, ["--lang", "fr"])
    assert done.exit_code == 2 and "'fr' is not one of 'en', 'de'" in done.output
    assert started == []


def test_port_0_serves_on_a_free_port_the_terminal_names():
    process = subprocess.Popen(
        [str(RAPPORT), "app", "--port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        line = process.stderr.readline()
        url = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert url and int(url.group(1)) > 0, line
        _wait_until_served(process, url.group(0))
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        process.stderr.close()
