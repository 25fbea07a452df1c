"""Solara's browser assets, installed locally so the app renders with no internet access.

Solara's page loads its JavaScript and CSS (the Vue/Vuetify app bundle, require.js, fonts, the
chart libraries) as ``<cdn>/<package>@<version>/<file>``. The app's server
(``frontends.app.server``) answers ``/_solara/cdn/<path>`` read-only from a cache directory; a
path that is not there gets 404 (it never goes to the public CDN). This module fills that cache
from the npm registry ahead of time, and repairs it:

* the packages are the ones the *installed* solara references (found by scanning its templates,
  ``.vue`` and ``.py`` files), so a solara upgrade brings its own list, not a hand-kept one;
* each tarball is checked against its sha512 integrity hash, kept in ``<cache>-packages/`` and
  unpacked to ``<cache>/<package>@<version>/``, the layout Solara's URLs name literally;
* every later run compares each package's files with its kept tarball (sha256) and unpacks a
  package with a missing or changed file again, with no network;
* a version *range* in a URL (``vega@5``) gets a symlink ``vega@5 -> vega@5.33.1``;
* files the CDN would minify on the fly (``require.min.js``) are copied from the plain file;
* versions behind ranges are pinned in ``frontends/app/assets.lock.json`` (with their integrity
  hashes), so every fresh setup installs the same files; ``--update-lock`` re-resolves them.

The default cache is solara's own default, ``<sys.prefix>/share/solara/cdn`` (inside the venv),
so the server needs no extra setting. Run ``python -m frontends.app.assets`` (``make setup``
does) to install or repair, or ``python -m frontends.app.assets --check`` to only verify that no
file is missing.
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
from importlib.metadata import version
from pathlib import Path

import ipywidgets
import solara
from solara.server import settings

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
    return Path(settings.assets.proxy_cache_dir).absolute()


def _template_values() -> dict[str, str]:
    """Values solara's page template puts into asset URLs."""
    return {"ipywidget_major_version": ipywidgets.__version__.split(".")[0]}


def referenced_assets() -> list[Asset]:
    """Every npm package (and file) the installed solara loads from its CDN, for this venv."""
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


def changed_assets(cache_dir: Path | None = None) -> list[str]:
    """Files of the pinned packages in the cache that differ from their kept, hash-checked
    tarball (sha256), or that cannot be compared because the tarball is not kept: what
    ``--check`` reports beside the missing ones (the repair unpacks those packages again)."""
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    lock = json.loads(LOCK.read_text()) if LOCK.is_file() else {}
    changed = []
    for asset in referenced_assets():
        pinned = lock.get(asset.name, {})
        target = cache / f"{asset.package}@{pinned.get('version', asset.spec)}"
        if not target.is_dir():
            continue  # missing: ``missing_assets`` names its files
        data = _stored_tarball(cache, asset.package, pinned)
        if data is None:
            changed.append(f"{target.name}: no kept tarball matching {LOCK.name} to compare with")
            continue
        changed += [f"{target.relative_to(cache)}/{name}" for name in damaged_files(data, target)]
    return changed


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


def _integrity(data: bytes) -> str:
    """npm's integrity string (sha512, base64) of a tarball."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def _download(manifest: dict, integrity: str | None) -> bytes:
    """The package tarball, checked against its sha512 integrity (and the pinned one, if any)."""
    dist = manifest["dist"]
    data = _get(dist["tarball"])
    published = dist.get("integrity", "")
    for expected in {published, integrity or published}:
        if expected.startswith("sha512-"):
            actual = _integrity(data)
            if actual != expected:
                raise RuntimeError(f"integrity mismatch for {dist['tarball']}: got {actual}")
        elif dist.get("shasum") and hashlib.sha1(data).hexdigest() != dist["shasum"]:
            raise RuntimeError(f"shasum mismatch for {dist['tarball']}")
    return data


def package_store(cache: Path) -> Path:
    """Where the checked tarballs are kept, next to (not inside) the served cache folder."""
    return cache.parent / f"{cache.name}-packages"


def _tarball_path(cache: Path, package: str, version: str) -> Path:
    return package_store(cache) / f"{package.replace('/', '+')}@{version}.tgz"


def _stored_tarball(cache: Path, package: str, pinned: dict) -> bytes | None:
    """The kept tarball of the pinned version, if it is there and matches the pinned hash."""
    if not pinned.get("version") or not pinned.get("integrity"):
        return None
    path = _tarball_path(cache, package, pinned["version"])
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if _integrity(data) == pinned["integrity"] else None


def _keep_tarball(cache: Path, package: str, version: str, data: bytes) -> None:
    path = _tarball_path(cache, package, version)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _package_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    """The tarball's files and folders with the top folder (usually ``package/``) stripped."""
    members = []
    for member in tar.getmembers():
        parts = Path(member.name).parts
        if not (member.isfile() or member.isdir()) or len(parts) < 2 or ".." in parts:
            continue
        member.name = str(Path(*parts[1:]))
        members.append(member)
    return members


def package_files(data: bytes) -> set[str]:
    """The paths of the files in the tarball ``data``, relative to the package folder."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        return {m.name for m in _package_members(tar) if m.isfile()}


def damaged_files(data: bytes, target: Path) -> list[str]:
    """Files of the tarball ``data`` that are missing from ``target`` or differ (by sha256)."""
    damaged = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in _package_members(tar):
            if not member.isfile():
                continue
            path = target / member.name
            if path.is_symlink() or not path.is_file() or path.stat().st_size != member.size:
                damaged.append(member.name)
                continue
            expected = hashlib.sha256(tar.extractfile(member).read()).digest()
            if hashlib.sha256(path.read_bytes()).digest() != expected:
                damaged.append(member.name)
    return damaged


def _unpack(data: bytes, target: Path) -> None:
    """Unpack an npm tarball's ``package/`` into ``target`` atomically (readable by all)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=".unpack-"))
    tmp.chmod(0o755)  # mkdtemp gives 0700; a server running as another user must read it
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            members = _package_members(tar)
            for member in members:
                member.mode = 0o755 if member.isdir() else 0o644
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


def _complete_aliases(
    cache: Path, asset: Asset, packaged: set[str], log: Callable[[str], None]
) -> None:
    """Files the CDN makes up on the fly: bare module URLs and minified names.

    Each is a copy of a file of the package; a copy that differs from it is made again. Files
    the package itself has (``packaged``, relative paths) are left as they are.
    """
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
            if src.is_file():
                _copy_if_different(src, folder / "__main.js")
            continue
        wanted = cache / f"{asset.name}{f}"
        plain = Path(str(wanted).replace(".min.js", ".js").replace(".min.css", ".css"))
        if f.lstrip("/") in packaged or plain == wanted or not plain.is_file():
            continue
        if _copy_if_different(plain, wanted):
            log(f"  ~ {asset.name}{f} (copied from {plain.name}: the CDN minifies on the fly)")


def _copy_if_different(src: Path, dst: Path) -> bool:
    """Make ``dst`` a copy of ``src`` unless it already is one; True when it copied."""
    if dst.is_file() and not dst.is_symlink() and dst.read_bytes() == src.read_bytes():
        return False
    _remove(dst)
    shutil.copyfile(src, dst)
    return True


def install_assets(
    cache_dir: Path | None = None,
    *,
    update_lock: bool = False,
    log: Callable[[str], None] = print,
) -> list[str]:
    """Install or repair every referenced asset in the cache; return what was (re)installed.

    Each package's tarball is kept (checked against its pinned sha512) in ``package_store``, so
    a package is downloaded once; afterwards every file of the package in the cache is compared
    with the tarball (sha256), and a package with a missing or changed file is unpacked again,
    without network. Raises ``RuntimeError`` on a download, integrity or resolution failure, or
    when files are still missing afterwards.
    """
    cache = Path(cache_dir).absolute() if cache_dir else default_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    assets = referenced_assets()
    lock = json.loads(LOCK.read_text()) if LOCK.is_file() and not update_lock else {}
    registries: list[str] = []  # looked up on the first download only (it may ask npm)

    def fetch(asset: Asset) -> tuple[Asset, dict, str, set[str]]:
        pinned = lock.get(asset.name, {})
        data = _stored_tarball(cache, asset.package, pinned)
        if data is None:
            if not registries:
                registries.append(registry_url())
            manifest = resolve(registries[0], asset.package, asset.spec, pinned.get("version"))
            data = _download(manifest, pinned.get("integrity"))
            pinned = {"version": manifest["version"], "integrity": manifest["dist"]["integrity"]}
            _keep_tarball(cache, asset.package, pinned["version"], data)
        target = cache / f"{asset.package}@{pinned['version']}"
        damaged = damaged_files(data, target)
        status = ""
        if damaged:
            existed = target.exists()
            _unpack(data, target)
            status = f"repaired: {len(damaged)} file(s) missing or changed" if existed else "new"
        return asset, pinned, status, package_files(data)

    changed = []
    packaged: dict[str, set[str]] = {}
    with ThreadPoolExecutor(max_workers=6) as pool:
        for asset, pinned, status, files in pool.map(fetch, assets):
            packaged[asset.name] = files
            version = pinned["version"]
            if asset.spec != version:  # the URL keeps the range (vega@5): alias it
                link = cache / asset.name
                wanted = f"{asset.package.rsplit('/', 1)[-1]}@{version}"
                if not (link.is_symlink() and os.readlink(link) == wanted):
                    _remove(link)
                    link.symlink_to(wanted)
                    status = status or "repaired: alias"
            lock[asset.name] = pinned
            if status:
                shown = f"{asset.name} ({version})" if asset.spec != version else asset.name
                changed.append(shown)
                log(f"  + {shown}" + ("" if status == "new" else f" ({status})"))
    for asset in assets:
        _complete_aliases(cache, asset, packaged[asset.name], log)

    installed = {a.name: lock[a.name] for a in assets}
    record = cache / f".{INSTALLED}.{os.getpid()}.tmp"  # replaced, never rewritten in place
    record.write_text(json.dumps(installed, indent=1, sort_keys=True) + "\n")
    os.replace(record, cache / INSTALLED)
    if update_lock or not LOCK.is_file():
        LOCK.write_text(json.dumps(installed, indent=1, sort_keys=True) + "\n")
    missing = missing_assets(cache)
    if missing:
        raise RuntimeError(f"files solara references are not in the packages: {', '.join(missing)}")
    return changed


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
        "--check",
        action="store_true",
        help="Only verify the cache: list files missing, or changed from their packages.",
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
        changed = changed_assets(cache)
        for problems, what in ((missing, "missing from"), (changed, "changed or unverifiable in")):
            if problems:
                print(f"{len(problems)} asset file(s) {what} {cache}:", file=sys.stderr)
                for path in problems:
                    print(f"  {path}", file=sys.stderr)
        if missing or changed:
            print(
                "Install or repair them with: python -m frontends.app.assets (or make setup)",
                file=sys.stderr,
            )
            return 1
        print(f"Solara assets complete and unchanged in {cache}")
        return 0
    try:
        added = install_assets(cache, update_lock=args.update_lock)
    except (OSError, RuntimeError) as exc:
        print(f"frontends.app.assets: error: {exc}", file=sys.stderr)
        return 1
    done = f"{len(added)} package(s) installed or repaired" if added else "up to date"
    print(f"Solara assets: {done} in {cache}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
