"""Solara's browser assets, installed locally so the app renders with no internet access.

Solara's page loads its JavaScript and CSS (the Vue/Vuetify app bundle, require.js, fonts, the
chart libraries) as ``<cdn>/<package>@<version>/<file>``. The server runs as an *assets proxy*
(``SOLARA_ASSETS_PROXY=true``): it answers ``/_solara/cdn/<path>`` from a cache directory and
goes to the public CDN only on a miss. This module fills that cache from the npm registry ahead
of time, so a miss never happens:

* the packages are the ones the *installed* solara references (found by scanning its templates,
  ``.vue`` and ``.py`` files), so a solara upgrade brings its own list, not a hand-kept one;
* each tarball is checked against its sha512 integrity hash and unpacked to
  ``<cache>/<package>@<version>/``, the layout the proxy looks up literally;
* a version *range* in a URL (``vega@5``) gets a symlink ``vega@5 -> vega@5.33.1``;
* files the CDN would minify on the fly (``require.min.js``) are copied from the plain file;
* versions behind ranges are pinned in ``frontends/app/assets.lock.json`` (with their integrity
  hashes), so every fresh setup installs the same files; ``--update-lock`` re-resolves them.

The default cache is solara's own default, ``<sys.prefix>/share/solara/cdn`` (inside the venv),
so the server needs no extra setting. Run ``python -m frontends.app.assets`` (``make setup``
does), or ``python -m frontends.app.assets --check`` to only verify that nothing is missing.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

LOCK = Path(__file__).with_name("assets.lock.json")
INSTALLED = "assets.lock.json"  # written into the cache: what is installed there

# <package>@<version> right after a CDN prefix in solara's sources: the package (maybe scoped),
# the version (maybe a JS template such as ${version}) and the rest of the path.
_CDN_REF = re.compile(
    r"(?:\{\{\s*cdn\s*\}\}|\$\{this\.getCdn\(\)\}|\$\{cdn\})/"
    r"((?:@[\w.-]+/)?[\w.-]+)@([\w.\-]+|\$\{\w+\})([^\s\"'`<>]*)"
)
_JS_CONST = re.compile(r"""(?:const|let|var)\s+(\w+)\s*=\s*["']([\w.\-]+)["']""")
_SCANNED_SUFFIXES = {".j2", ".html", ".vue", ".py", ".js"}


@dataclass(frozen=True)
class Asset:
    """One npm package as the page's URLs name it, e.g. ``vega@5`` with ``/build/vega.min.js``."""

    package: str
    spec: str  # the version as written in the URL: exact ("2.3.6") or a range ("5")
    files: tuple[str, ...]  # paths after "<package>@<spec>", "" for a bare module URL

    @property
    def name(self) -> str:
        return f"{self.package}@{self.spec}"


def default_cache_dir() -> Path:
    """Solara's proxy cache dir: $SOLARA_ASSETS_PROXY_CACHE_DIR, else <venv>/share/solara/cdn."""
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir).absolute()


def _template_values() -> dict[str, str]:
    """Values solara's page template puts into asset URLs."""
    import ipywidgets

    return {"ipywidget_major_version": ipywidgets.__version__.split(".")[0]}


def referenced_assets() -> list[Asset]:
    """Every npm package (and file) the installed solara loads from its CDN, for this venv."""
    import solara
    from solara.server import settings

    root = Path(solara.__file__).parent
    refs: dict[tuple[str, str], set[str]] = {}
    for path in root.rglob("*"):
        if path.suffix not in _SCANNED_SUFFIXES or "website" in path.parts or not path.is_file():
            continue
        text = path.read_text(errors="ignore")
        if "cdn" not in text.lower():
            continue
        consts = dict(_JS_CONST.findall(text))
        for package, spec, rest in _CDN_REF.findall(text):
            if spec.startswith("${"):
                spec = consts.get(spec[2:-1], "")
                if not spec:
                    raise RuntimeError(f"cannot resolve a templated version of {package} in {path}")
            refs.setdefault((package, spec), set()).add(rest)
    if settings.assets.fontawesome_enabled:  # a setting, not a template literal
        m = re.match(r"/?((?:@[\w.-]+/)?[\w.-]+)@([\w.\-]+)(.*)", settings.assets.fontawesome_path)
        if m:
            refs.setdefault((m.group(1), m.group(2)), set()).add(m.group(3))

    # Solara picks one app bundle by the ipyvuetify major version; the other is never requested.
    from importlib.metadata import version

    vue3 = int(version("ipyvuetify").split(".")[0]) >= 3
    unused_bundle = "@widgetti/solara-vuetify-app" if vue3 else "@widgetti/solara-vuetify3-app"
    values = _template_values()

    def fill(path: str) -> str:
        return re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: values.get(m.group(1), m.group(0)), path)

    return [
        Asset(package, spec, tuple(sorted(fill(f) for f in files)))
        for (package, spec), files in sorted(refs.items())
        if package != unused_bundle
    ]


def _expected_files(asset: Asset) -> list[str]:
    """Cache paths (relative) that must exist for ``asset``: its package.json and its files."""
    paths = [f"{asset.name}/package.json"]
    for f in asset.files:
        paths.append(f"{asset.name}/__main.js" if f == "" else f"{asset.name}{f}")
    return paths


def missing_assets(cache_dir: Path | None = None) -> list[str]:
    """Files the page may request that are not in the cache (empty when complete)."""
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    return [
        path
        for asset in referenced_assets()
        for path in _expected_files(asset)
        if not (cache / path).is_file()
    ]


def registry_url() -> str:
    """The npm registry npm itself would use (``$NPM_CONFIG_REGISTRY``, npm's config, npmjs)."""
    url = os.environ.get("NPM_CONFIG_REGISTRY") or os.environ.get("npm_config_registry")
    if not url and shutil.which("npm"):
        try:
            url = subprocess.run(
                ["npm", "config", "get", "registry"], capture_output=True, text=True, timeout=30
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            url = None
    if not url or not url.startswith(("http://", "https://")):
        url = "https://registry.npmjs.org/"
    return url.rstrip("/") + "/"


def _get(url: str, accept: str | None = None) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read()


def _version_key(v: str) -> tuple[tuple[int, ...], bool]:
    core = v.split("+")[0].split("-")[0]
    return tuple(int(x) for x in core.split(".")), "-" not in v


def resolve(registry: str, package: str, spec: str, pinned: str | None = None) -> dict:
    """The registry's manifest of ``package`` at ``pinned``, else at ``spec`` (exact or a range).

    A range ("5", "5.2") resolves to the newest matching release.
    """
    url = registry + urllib.parse.quote(package, safe="@")
    meta = json.loads(_get(url, "application/vnd.npm.install-v1+json"))
    versions = meta["versions"]
    for candidate in (pinned, spec, meta.get("dist-tags", {}).get(spec)):
        if candidate in versions:
            return versions[candidate]
    if re.fullmatch(r"\d+(\.\d+)?", spec):
        want = tuple(int(x) for x in spec.split("."))
        matching = [v for v in versions if "-" not in v and _version_key(v)[0][: len(want)] == want]
        if matching:
            return versions[max(matching, key=_version_key)]
    raise RuntimeError(f"cannot resolve {package}@{spec} on {registry}")


def _download(manifest: dict, integrity: str | None) -> bytes:
    """The package tarball, checked against its sha512 integrity (and the pinned one, if any)."""
    dist = manifest["dist"]
    data = _get(dist["tarball"])
    published = dist.get("integrity", "")
    for expected in {published, integrity or published}:
        if expected.startswith("sha512-"):
            actual = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
            if actual != expected:
                raise RuntimeError(f"integrity mismatch for {dist['tarball']}: got {actual}")
        elif dist.get("shasum") and hashlib.sha1(data).hexdigest() != dist["shasum"]:
            raise RuntimeError(f"shasum mismatch for {dist['tarball']}")
    return data


def _unpack(data: bytes, target: Path) -> None:
    """Unpack an npm tarball's ``package/`` into ``target`` atomically (readable by all)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=".unpack-"))
    tmp.chmod(0o755)  # mkdtemp gives 0700; a server running as another user must read it
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            members = []
            for member in tar.getmembers():
                parts = Path(member.name).parts
                if not (member.isfile() or member.isdir()) or len(parts) < 2 or ".." in parts:
                    continue
                member.name = str(Path(*parts[1:]))  # strip the top folder, usually "package/"
                member.mode = 0o755 if member.isdir() else 0o644
                members.append(member)
            tar.extractall(tmp, members=members, filter="data")
        _remove(target)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _complete_aliases(cache: Path, asset: Asset, log: Callable[[str], None]) -> None:
    """Files the CDN makes up on the fly: bare module URLs and minified names."""
    folder = cache / asset.name
    for f in asset.files:
        if f == "":  # a bare "<pkg>@<ver>" URL is stored by solara as <pkg>@<ver>/__main.js
            meta = json.loads((folder / "package.json").read_text())
            main = next(
                (meta[k] for k in ("jsdelivr", "browser", "main") if isinstance(meta.get(k), str)),
                "index.js",
            )
            src = folder / main
            src = src if src.suffix else src.with_suffix(".js")
            if src.is_file() and not (folder / "__main.js").is_file():
                shutil.copyfile(src, folder / "__main.js")
            continue
        wanted = cache / f"{asset.name}{f}"
        plain = Path(str(wanted).replace(".min.js", ".js").replace(".min.css", ".css"))
        if not wanted.is_file() and plain != wanted and plain.is_file():
            shutil.copyfile(plain, wanted)
            log(f"  ~ {asset.name}{f} (copied from {plain.name}: the CDN minifies on the fly)")


def install_assets(
    cache_dir: Path | None = None,
    *,
    update_lock: bool = False,
    log: Callable[[str], None] = print,
) -> list[str]:
    """Fill the cache with every referenced asset that is not there yet; return what was added.

    Packages already in the cache are not touched and need no network, so a second run is fast.
    Raises ``RuntimeError`` on a download, integrity or resolution failure, or when files are
    still missing afterwards.
    """
    cache = Path(cache_dir).absolute() if cache_dir else default_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    assets = referenced_assets()
    lock = json.loads(LOCK.read_text()) if LOCK.is_file() and not update_lock else {}
    todo = [a for a in assets if update_lock or not (cache / a.name / "package.json").is_file()]
    registry = registry_url() if todo else ""

    def fetch(asset: Asset) -> tuple[Asset, dict]:
        pinned = lock.get(asset.name, {})
        manifest = resolve(registry, asset.package, asset.spec, pinned.get("version"))
        target = cache / f"{asset.package}@{manifest['version']}"
        if not (target / "package.json").is_file():
            _unpack(_download(manifest, pinned.get("integrity")), target)
        return asset, manifest

    added = []
    with ThreadPoolExecutor(max_workers=6) as pool:
        for asset, manifest in pool.map(fetch, todo):
            version = manifest["version"]
            if asset.spec != version:  # the URL keeps the range (vega@5): alias it
                link = cache / asset.name
                _remove(link)
                link.symlink_to(f"{asset.package.rsplit('/', 1)[-1]}@{version}")
            lock[asset.name] = {"version": version, "integrity": manifest["dist"]["integrity"]}
            added.append(f"{asset.name} ({version})" if asset.spec != version else asset.name)
            log(f"  + {added[-1]}")
    for asset in assets:
        _complete_aliases(cache, asset, log)

    installed = {}
    for asset in assets:
        meta = json.loads((cache / asset.name / "package.json").read_text())
        installed[asset.name] = {
            "version": meta["version"],
            "integrity": lock.get(asset.name, {}).get("integrity"),
        }
    (cache / INSTALLED).write_text(json.dumps(installed, indent=1, sort_keys=True) + "\n")
    if update_lock or not LOCK.is_file():
        LOCK.write_text(json.dumps(installed, indent=1, sort_keys=True) + "\n")
    missing = missing_assets(cache)
    if missing:
        raise RuntimeError(f"files solara references are not in the packages: {', '.join(missing)}")
    return added


def main(argv: list[str] | None = None) -> int:
    """``python -m frontends.app.assets [--cache-dir DIR] [--check] [--update-lock]``."""
    parser = argparse.ArgumentParser(
        prog="python -m frontends.app.assets",
        description="Install Solara's browser assets from the npm registry (the app runs offline).",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        help="Solara's CDN proxy cache [default: $SOLARA_ASSETS_PROXY_CACHE_DIR or "
        "<venv>/share/solara/cdn]",
    )
    parser.add_argument(
        "--check", action="store_true", help="Only verify the cache; list what is missing."
    )
    parser.add_argument(
        "--update-lock",
        action="store_true",
        help=f"Re-resolve version ranges to the newest releases and rewrite {LOCK.name}.",
    )
    args = parser.parse_args(argv)
    cache = args.cache_dir.absolute() if args.cache_dir else default_cache_dir()
    if args.check:
        missing = missing_assets(cache)
        if missing:
            print(f"{len(missing)} asset file(s) missing from {cache}:", file=sys.stderr)
            for path in missing:
                print(f"  {path}", file=sys.stderr)
            print(
                "Install them with: python -m frontends.app.assets (or make setup)",
                file=sys.stderr,
            )
            return 1
        print(f"Solara assets complete in {cache}")
        return 0
    try:
        added = install_assets(cache, update_lock=args.update_lock)
    except (OSError, RuntimeError) as exc:
        print(f"frontends.app.assets: error: {exc}", file=sys.stderr)
        return 1
    done = f"{len(added)} package(s) installed" if added else "up to date"
    print(f"Solara assets: {done} in {cache}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
