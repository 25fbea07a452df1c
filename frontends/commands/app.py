"""``rapport app``: serve the web app (or classroom mode) offline."""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
import sys

import click
from solara.util import get_solara_home

from frontends.app import SOCKET_ENV
from frontends.app.assets import default_cache_dir, missing_assets
from frontends.app.i18n import LANG_ENV
from frontends.classroom.serve import classroom_setup
from frontends.cli import command, fail
from sim.texts import LANGUAGES

PAGE = "frontends.app.page"
CLASSROOM_PAGE = "frontends.classroom.page"


def exposure_notice(host: str, port: int) -> list[str]:
    """What ``rapport app --host HOST`` makes reachable, as lines for the terminal."""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if loopback:
        return [f"Rapport app: http://{host}:{port}/  (only this computer; Ctrl-C stops it)"]
    if host in ("0.0.0.0", "::"):
        shown = [local_address()]
        where = "every network interface of this computer"
    else:
        shown = [host]
        where = host
    urls = ", ".join(f"http://{h}:{port}/" for h in shown)
    return [
        f"Rapport app: listening on {where}; others on your network open {urls}",
        "Warning: there is no login. Anyone who can reach this port can use the app and make "
        "this computer run simulations. Use --host 127.0.0.1 to keep it to this computer.",
        "Ctrl-C stops it.",
    ]


def local_address() -> str:
    """This computer's address on its network (the one its default route leaves from)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # a UDP "connect" sends nothing; it picks a route
            return probe.getsockname()[0]
        except OSError:
            return socket.gethostname()


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket listening on ``port``, or for 0 on a free one the system picks.

    Opened before the server starts, as uvicorn would open it (IPv6 for a host with a colon,
    address reuse on), so that a port in use or a host that is no address of this computer is
    refused in one line, before the terminal shows an address nothing listens on. It listens at
    once and the server process inherits it, so no second app can take the port while this one
    starts (a connection made meanwhile waits until the server answers).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
        listening.listen(BACKLOG)
    except OSError as exc:
        listening.close()
        if exc.errno == errno.EADDRINUSE:
            fail(
                f"--port {port}: {host}:{port} is already in use (another Rapport app "
                "still running?); stop it or choose another --port"
            )
        reason = exc.strerror or str(exc)
        fail(f"--host {host}: this computer cannot listen there ({reason})")
    return listening


# uvicorn's default backlog of connections waiting to be accepted
BACKLOG = 2048


@command("app")
@click.option("--host", default="127.0.0.1", show_default=True, help="app.host")
@click.option(
    "--port",
    default=8765,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="app.port",
)
@click.option("--dev", is_flag=True, help="app.dev")
@click.option("--classroom", is_flag=True, help="app.classroom")
@click.option("--lang", type=click.Choice(LANGUAGES), help="app.lang")
def app(host: str, port: int, dev: bool, classroom: bool, lang: str | None) -> None:
    """``rapport app``: serve the web app from the local assets cache, offline (its help:
    ``frontends.help_texts``)."""
    if not host.strip():  # bound every address and printed "http://:PORT/" to open
        fail("--host: an empty address; give one, e.g. 127.0.0.1 (this computer only) or 0.0.0.0")
    cache = default_cache_dir()
    missing = missing_assets(cache)
    if missing:
        fail(
            f"the app's browser assets are incomplete ({len(missing)} file(s) missing from "
            f"{cache}, e.g. {missing[0]}); run `make setup` or `python -m frontends.app.assets`"
        )
    listening = listening_socket(host, port)
    port = int(listening.getsockname()[1])
    page, notice, extra = PAGE, exposure_notice(host, port), {}
    if classroom:
        page = CLASSROOM_PAGE
        extra, notice = classroom_setup(host, port, local_address())
    env = dict(
        os.environ,
        # The page's URLs point at /_solara/cdn/*, which frontends.app.server answers read-only
        # from the local cache (Solara's own proxy would fetch, write and delete there).
        SOLARA_ASSETS_PROXY="true",
        SOLARA_ASSETS_PROXY_CACHE_DIR=str(cache),
        SOLARA_APP=page,  # read when frontends.app.server imports Solara's server
        SOLARA_TELEMETRY_MIXPANEL_ENABLE="false",
        # Solara's "This website runs on Solara" badge sits over the charts' lower right corner.
        SOLARA_THEME_SHOW_BANNER="false",
        **extra,
    )
    if lang is not None:
        env[LANG_ENV] = lang  # read by each page (frontends.app.i18n.page_language)
    if dev:  # Solara's reloader opens its own socket for its child processes
        listening.close()
    else:
        listening.set_inheritable(True)
        env[SOCKET_ENV] = str(listening.fileno())  # frontends.app.server serves on it
    # -P: the working folder is not put first on the import path, as ``-m`` does; started
    # from a folder holding another checkout, the server ran that checkout's code
    args = [sys.executable, "-P", "-m", "frontends.app.server", "run", page]
    args += ["--host", host, "--port", str(port), "--no-open", "--log-level", "warning"]
    if dev:
        # Solara's dev mode pings solara.dev from the page until this marker file exists.
        try:
            get_solara_home().mkdir(parents=True, exist_ok=True)
            (get_solara_home() / ".solara_checked").touch()
        except OSError:
            pass
    else:
        args.append("--production")
    for line in notice:
        click.echo(line, err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    # Replace this process with the server, so Ctrl-C and SIGTERM reach it directly.
    try:
        os.execve(sys.executable, args, env)
    finally:  # reached only where execve is replaced (the tests)
        listening.close()
