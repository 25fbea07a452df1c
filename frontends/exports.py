"""Tables the front ends hand to users as files."""

from __future__ import annotations

import pandas as pd

# A cell a spreadsheet would run as a formula when the CSV is opened (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Decimals of the numbers in an exported CSV: relationships and hours to 1/10,000, k€ to 10 cents
# (a student's 40.5 hours had come out as 40.49999999999999, a relationship as 0.39891522974270677).
CSV_DECIMALS = 4


def csv_text(frame: pd.DataFrame, lang: str = "en") -> str:
    """``frame`` as CSV, with text that users typed (nicknames, option and profile names) kept
    as text: a cell starting like a formula gets a leading apostrophe, so ``=HYPERLINK(...)`` in
    a nickname does not run in the instructor's spreadsheet. Numbers are rounded to
    ``CSV_DECIMALS``.

    German (``lang`` "de"): as German Excel reads a double-clicked CSV, semicolons between
    cells, decimal commas, WAHR and FALSCH for truth values and a byte-order mark (so that
    umlauts read as UTF-8); a comma-separated file opened there was one column of text."""
    guarded = frame.copy()
    for column in guarded.columns:
        if pd.api.types.is_float_dtype(guarded[column]):
            guarded[column] = guarded[column].round(CSV_DECIMALS)
        if pd.api.types.is_numeric_dtype(guarded[column]):  # bools included
            continue
        guarded[column] = guarded[column].map(
            lambda v: f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v
        )
    if lang == "de":
        # German Excel reads WAHR and FALSCH as truth values, True and False as text
        for column in guarded.columns:
            if pd.api.types.is_bool_dtype(guarded[column]):
                guarded[column] = guarded[column].map({True: "WAHR", False: "FALSCH"})
        return "\ufeff" + guarded.to_csv(index=False, sep=";", decimal=",")
    return guarded.to_csv(index=False)
