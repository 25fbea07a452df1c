"""How fast the app serves a cached browser asset while others ask for uncached ones.

Starts `rapport app` on a free port with a hard-linked copy of the assets cache (so nothing the
server might do touches the venv's cache), sends N requests for asset paths that are not in the
cache from N threads at once, and meanwhile times GETs of the cached ``require.js``. Prints the
median and the slowest time of the cached file alone and under that load, side by side, and how
the uncached requests were answered.

    python benchmarks/bench_assets.py [--uncached 80] [--samples 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from frontends.app.assets import default_cache_dir

CACHED = "_solara/cdn/requirejs@2.3.6/require.js"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 120) -> tuple[int | str, float]:
    """(status, seconds) of one GET; a connection error gives its class name as status."""
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status: int | str = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError as exc:
        status = type(exc).__name__
    return status, time.perf_counter() - start


def start_app(cache: Path, port: int) -> subprocess.Popen:
    env = dict(os.environ, SOLARA_ASSETS_PROXY_CACHE_DIR=str(cache))
    rapport = Path(sys.executable).with_name("rapport")
    process = subprocess.Popen(
        [str(rapport), "app", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while get(f"http://127.0.0.1:{port}/{CACHED}", timeout=5)[0] != 200:
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("rapport app did not start")
        time.sleep(0.5)
    return process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--uncached", type=int, default=80)
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cdn"
        shutil.copytree(default_cache_dir(), cache, symlinks=True, copy_function=os.link)
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        process = start_app(cache, port)
        try:
            alone = [get(base + CACHED)[1] for _ in range(args.samples)]
            uncached = [
                f"{base}_solara/cdn/not-a-package-{i}@1.0.{i}/index.js"
                for i in range(args.uncached)
            ]
            with ThreadPoolExecutor(max_workers=args.uncached) as pool:
                futures = [pool.submit(get, url) for url in uncached]
                time.sleep(0.5)  # the uncached requests are in flight
                loaded = [get(base + CACHED)[1] for _ in range(args.samples)]
                answers = [f.result() for f in futures]
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
    statuses = Counter(str(status) for status, _ in answers)
    slowest_uncached = max(seconds for _, seconds in answers)
    print(
        f"cached require.js, alone:              median {statistics.median(alone):.3f} s, "
        f"max {max(alone):.3f} s"
    )
    print(
        f"cached require.js, {args.uncached} uncached in flight: "
        f"median {statistics.median(loaded):.3f} s, max {max(loaded):.3f} s"
    )
    print(
        f"ratio under load / alone (median):     "
        f"{statistics.median(loaded) / statistics.median(alone):.1f}x"
    )
    print(f"uncached answers: {dict(statuses)}, slowest {slowest_uncached:.2f} s")


if __name__ == "__main__":
    main()
