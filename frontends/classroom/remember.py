"""The way back to a dashboard: the instructor links of rooms made in this browser.

A room's dashboard is reached only through its secret instructor link. An instructor who
closed the tab (or whose laptop restarted the browser) had no way back to their running class.
The dashboard now keeps its token in the browser's ``localStorage`` (under ``STORAGE_KEY``;
only this browser, only this server's origin), and the start page lists the rooms kept there
that the server still has, each with a button to its dashboard.
"""

from __future__ import annotations

from typing import Any

import ipyvuetify as v
import traitlets

STORAGE_KEY = "rapport-classroom-rooms"
KEPT = 20  # tokens kept, newest first


class RememberedRooms(v.VuetifyTemplate):
    """Adds ``add`` (an instructor token; "" adds nothing) to the tokens this browser keeps,
    and sends every kept token back (``on_found``). Tokens not in ``keep`` once it is set (the
    server's rooms are gone after a restart or a long idle time) are forgotten."""

    template = traitlets.Unicode(
        """<template><span style="display: none"></span></template>
<script>
module.exports = {
  mounted() {
    let tokens = this.read();
    if (this.add && !tokens.includes(this.add)) {
      tokens = [this.add].concat(tokens).slice(0, this.kept);
      this.write(tokens);
    }
    this.found(tokens);
  },
  watch: {
    keep(value) {
      if (value === null) return;
      this.write(this.read().filter((token) => value.includes(token)));
    },
  },
  methods: {
    read() {
      try {
        const tokens = JSON.parse(window.localStorage.getItem(this.storage) || "[]");
        return Array.isArray(tokens) ? tokens.filter((t) => typeof t === "string") : [];
      } catch (e) {
        return []; // storage off (a private window's policy) or not ours: nothing kept
      }
    },
    write(tokens) {
      try { window.localStorage.setItem(this.storage, JSON.stringify(tokens)); } catch (e) {}
    },
  },
};
</script>"""
    ).tag(sync=True)
    storage = traitlets.Unicode(STORAGE_KEY).tag(sync=True)
    kept = traitlets.Int(KEPT).tag(sync=True)
    add = traitlets.Unicode("").tag(sync=True)
    keep = traitlets.List(default_value=None, allow_none=True).tag(sync=True)
    on_found = traitlets.Any(None)  # a callable(list of tokens), Python side only

    def vue_found(self, data: Any) -> None:
        if self.on_found is not None and isinstance(data, list):
            self.on_found([str(token) for token in data[:KEPT]])
