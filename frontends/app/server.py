"""The app's web server: Solara's server with its browser assets served read-only.

Solara's page loads its JavaScript from ``/_solara/cdn/<package>@<version>/<file>``. Solara
answers that route with an *assets proxy*: a file missing from its cache is fetched from the
public CDN and written into the cache, and a path that names a folder deletes the folder (a
clean-up of an old cache layout). A web server open to visitors must not do either. Here that
route is answered by ``ReadOnlyCdn`` instead, from the assets ``python -m frontends.app.assets``
installed: files are served as they are, a path that is not a file in the cache (a folder, a
package that was never installed, a path leading outside the cache) gets 404 at once, and
nothing is written, fetched or deleted. Headers (immutable caching of exact versions,
compression, Solara's optional login) stay Solara's, since ``ReadOnlyCdn`` only replaces how a
path is looked up.

``rapport app`` runs ``python -P -m frontends.app.server run frontends.app.page ...`` (the
arguments of ``solara run``) with ``SOLARA_ASSETS_PROXY=true``, so the page's URLs point at this
route, and ``SOLARA_APP=frontends.app.page``, which Solara reads when this module imports its
server.
"""

from __future__ import annotations

import os
import socket
import stat
import sys
import warnings
from pathlib import Path, PurePosixPath

import solara.server.starlette as solara_server
import uvicorn
from solara.__main__ import main as solara_main
from solara.server import settings
from solara.server.cdn_helper import cdn_url_path
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from frontends.app import SOCKET_ENV

# Over plain http (this computer, a classroom's network) Solara sets its session cookie with
# SameSite=Lax instead of None, which is right for a page nobody embeds; its ten-line warning at
# every first visit told the person at the terminal nothing to act on.
warnings.filterwarnings(
    "ignore", message="Cookies with samesite=none require https", category=UserWarning
)


class ReadOnlyCdn(solara_server.StaticCdn):
    """Solara's CDN route, answered from the installed cache only: no fetching, no writing."""

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        """The cached file for ``path``, or ``("", None)`` (a 404) for anything else."""
        parts = PurePosixPath(path).parts
        if len(parts) == 1:  # a bare "<package>@<version>" URL: Solara stores it as __main.js
            path = f"{path}/__main.js"
        # Starlette's own lookup: resolves symlinks (vega@5 -> vega@5.33.1) and refuses any path
        # that leads outside the cache directory.
        full_path, stat_result = StaticFiles.lookup_path(self, path)
        if stat_result is None or not stat.S_ISREG(stat_result.st_mode):
            return "", None
        return full_path, stat_result


def serve_assets_read_only(cache: Path) -> None:
    """Make Solara's ``/_solara/cdn`` route a ``ReadOnlyCdn`` of ``cache`` (idempotent)."""
    routes = solara_server.app.router.routes
    mount = Mount(f"/{cdn_url_path}", app=ReadOnlyCdn(directory=cache))
    for index, route in enumerate(routes):
        if isinstance(route, Mount) and route.path == f"/{cdn_url_path}":
            routes[index] = mount  # Solara's proxy route (present when its proxy is on)
            return
    routes.insert(0, mount)


# At import, not in main(): Solara's development mode (`rapport app --dev`) serves from a child
# process that imports this module again, and needs the route there too.
serve_assets_read_only(Path(settings.assets.proxy_cache_dir))


def serve_on_inherited_socket() -> None:
    """Have uvicorn serve on the socket ``rapport app`` already listens on (its descriptor in
    ``SOCKET_ENV``) instead of opening the port again: the port stays this app's from the
    check in ``rapport app`` on."""
    descriptor = os.environ.pop(SOCKET_ENV, None)
    if descriptor is None:
        return
    listening = socket.socket(fileno=int(descriptor))  # family and type read from the socket
    run = uvicorn.Server.run

    def run_on_it(self: uvicorn.Server, sockets: list[socket.socket] | None = None) -> None:
        run(self, sockets=[listening] if sockets is None else sockets)

    uvicorn.Server.run = run_on_it  # type: ignore[method-assign]


if __name__ == "__main__":
    serve_on_inherited_socket()
    sys.argv[0] = "solara"
    sys.exit(solara_main())
