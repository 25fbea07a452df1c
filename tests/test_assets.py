"""The app's browser assets: what Solara loads is installed locally, and missing files are named."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from frontends.app.assets import main, missing_assets, referenced_assets

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
