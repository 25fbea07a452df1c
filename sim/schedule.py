"""The discrete contact schedule (docs/model.md 7.1b): each rep's planned contact hours turned
into whole visits, calls and e-mails to particular customers.

Plain numpy, shared by the single run (``sim.model``) and the batched worlds (``sim.batch``);
kept apart from ``sim.model`` so that the batched worlds, and the sweep workers that run them,
do not import Mesa.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass
class WeekSchedule:
    """A week's contacts of a set of reps: arrays ``(reps, customers per rep[, channels])``.

    Attributes:
        counts: whole contacts per customer and channel (integers).
        felt: contacts as each customer counts them (counts weighted by channel).
        planned: the expected felt contacts of each customer (before rounding).
        hours: each customer's contact hours (counts × hours per contact, summed over channels).
    """

    counts: np.ndarray
    felt: np.ndarray
    planned: np.ndarray
    hours: np.ndarray


def schedule_contacts(
    contact_hours: np.ndarray,
    available: np.ndarray,
    restraint: np.ndarray,
    hours: Sequence[float] | np.ndarray,
    shares: Sequence[float] | np.ndarray,
    weights: Sequence[float] | np.ndarray,
    u: np.ndarray,
    present: np.ndarray | None = None,
) -> WeekSchedule:
    """Turn each rep's planned contact hours into whole contacts with particular customers.

    Per rep and channel ``c`` the plan expects ``e_j = H·s_c / (h_c·K) · restraint_j`` contacts
    with customer ``j`` (``H`` planned contact hours, ``s_c`` the channel's share, ``h_c`` its
    hours per contact, ``K`` the slots of a portfolio; an empty slot's restraint is 0, so its
    share of the plan is not made), ``E = Σ e_j`` in all. The rep makes
    ``floor(E)`` contacts plus one more with chance ``E − floor(E)`` (uniform ``u[..., 0]``),
    unless that one would not fit into the available hours left (channels in order). The ``T``
    contacts go to customers by systematic sampling along the portfolio: with ``A_j`` the running
    sum of ``e`` and offset ``u[..., 1]``, customer ``j`` gets
    ``floor(T·A_j/E + u) − floor(T·A_{j−1}/E + u)``: ``floor`` or ``ceil`` of ``T·e_j/E``, in
    expectation ``e_j``; whom the odd contact reaches changes with the offset week by week.

    Args:
        contact_hours: planned contact hours per rep ``(R,)``.
        available: hours per rep after training ``(R,)``; contacts never take more.
        restraint: ``(R, K)``, each customer's share of the plan.
        hours, shares, weights: per channel ``(C,)`` or per rep and channel ``(R, C)``.
        u: uniforms ``(R, C, 2)``: rounding, then offset.
        present: ``(R, K)``, 1 where the slot has a customer, 0 where it is empty (default: every
            slot has one). The last customer takes what is left of the ``T`` contacts.
    """
    R, K = restraint.shape
    C = u.shape[1]
    hours = np.broadcast_to(np.asarray(hours, dtype=float), (R, C))
    shares = np.broadcast_to(np.asarray(shares, dtype=float), (R, C))
    weights = np.broadcast_to(np.asarray(weights, dtype=float), (R, C))
    present = np.ones((R, K)) if present is None else present
    rate = contact_hours[:, None] * shares / (hours * K)  # per customer at restraint 1
    expected = rate[:, None, :] * restraint[:, :, None]
    running = np.cumsum(expected, axis=1)  # sequential sums, as a rep adds them up
    total = running[:, -1, :]
    whole = np.floor(total)
    left = available.copy()
    for c in range(C):
        left = left - whole[:, c] * hours[:, c]
    for c in range(C):
        up = (u[:, c, 0] < total[:, c] - whole[:, c]) & (hours[:, c] <= left)
        whole[:, c] += up
        left = np.where(up, left - hours[:, c], left)
    scale = np.divide(whole, total, out=np.zeros_like(total), where=total > 0)
    marks = np.minimum(np.floor(running * scale[:, None, :] + u[:, None, :, 1]), whole[:, None])
    # From the last customer on (empty slots after it), every mark is the total.
    last = K - 1 - np.argmax(present[:, ::-1] > 0, axis=1)
    marks[np.arange(K)[None, :] >= last[:, None]] = whole.repeat(K - last, axis=0)
    counts = np.diff(marks, axis=1, prepend=0.0).astype(np.int64)
    felt = np.zeros((R, K))
    planned = np.zeros((R, K))
    spent = np.zeros((R, K))
    for c in range(C):  # channel by channel, in the order the reference adds them
        felt = felt + counts[:, :, c] * weights[:, c, None]
        planned = planned + expected[:, :, c] * weights[:, c, None]
        spent = spent + counts[:, :, c] * hours[:, c, None]
    return WeekSchedule(counts, felt, planned, spent)
