"""The EMA Workbench's PRIM, imported quietly: what a pattern map's discovery processes load.

A module of its own so that the fork server which starts those processes can import it once
(``multiprocessing``'s preload takes module names), and each process it forks starts with PRIM
loaded instead of importing it again (seconds each: scikit-learn, seaborn).
"""

from __future__ import annotations

import warnings

with warnings.catch_warnings():
    # ema_workbench warns at import about optional parallel back ends it does not need here.
    warnings.simplefilter("ignore")
    from ema_workbench.analysis import prim

__all__ = ["prim"]
