"""What ``rapport app --classroom`` tells the server and the instructor before it starts."""

from __future__ import annotations

ALL_INTERFACES = ("0.0.0.0", "::")


def classroom_setup(host: str, port: int, lan_address: str) -> tuple[dict[str, str], list[str]]:
    """The server's environment (the address students use) and the lines for the terminal.

    Args:
        host: The address the server listens on (``--host``).
        port: Its port.
        lan_address: This computer's address on its network, used when ``host`` is every
            interface.
    """
    public = lan_address if host in ALL_INTERFACES else host
    url = f"http://{public}:{port}"
    env = {"RAPPORT_CLASSROOM_URL": url}
    if host in ("127.0.0.1", "::1", "localhost"):
        return env, [
            f"Rapport classroom: {url}/  (only this computer; Ctrl-C stops it)",
            "For students' phones start it with --host 0.0.0.0.",
        ]
    return env, [
        f"Rapport classroom: students join at {url}/join (the room code is on your dashboard).",
        f"Instructor: open http://127.0.0.1:{port}/ on this computer and create a room.",
        f"Exposed on {'every network interface' if host in ALL_INTERFACES else host}: the "
        "classroom pages (create a room, join a room, a student's own rep, the dashboard behind "
        "its secret instructor link). There is no login: anyone on this network can open them "
        "and create rooms. Rooms live in memory only; nothing is written to disk.",
        "Ctrl-C stops it.",
    ]
