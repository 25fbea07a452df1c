"""Ctrl-C and forked workers: a signal that lands while a fork's hooks run is held back until
``os.fork`` returns. Its own module, without pyabc, so that a process can guard its forks (and a
test can probe the guard) without importing the calibration's libraries."""

from __future__ import annotations

import ctypes
import functools
import os
import signal

_FORKS_GUARDED = False


def guard_forks_against_ctrl_c() -> None:
    """Block SIGINT (and SIGTERM) from the first before-fork hook to the last after-fork hook of
    every later fork, so a Ctrl-C is handled after ``os.fork`` returns, not inside a hook.
    Registered once, after the libraries that add hooks of their own have been imported
    (before-fork hooks run in reverse order of registration, after-fork ones in order). The
    hooks call the C library's ``pthread_sigmask`` directly: Python's ``signal.pthread_sigmask``
    runs the Python handler of a signal it unblocks at once, which would again be inside a hook;
    this way the handler runs at the first line of Python after ``os.fork`` returns."""
    global _FORKS_GUARDED
    if _FORKS_GUARDED:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    mask = ctypes.create_string_buffer(128)  # a sigset_t (1024 bits on Linux)
    libc.sigemptyset(mask)
    libc.sigaddset(mask, int(signal.SIGINT))
    libc.sigaddset(mask, int(signal.SIGTERM))  # stopped as Ctrl-C is, where asked for
    block = functools.partial(libc.pthread_sigmask, int(signal.SIG_BLOCK), mask, None)
    unblock = functools.partial(libc.pthread_sigmask, int(signal.SIG_UNBLOCK), mask, None)
    os.register_at_fork(before=block, after_in_parent=unblock, after_in_child=unblock)
    _FORKS_GUARDED = True
