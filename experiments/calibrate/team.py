"""A manager's own team: a CRM export per rep and week, parsed strictly (``--team FILE.csv``).

The file (CSV, a header row, at most ``MAX_BYTES``), one row per rep and week. It is read as an
export from Excel or a CRM writes it: UTF-8 (with or without a byte-order mark) or, failing that,
Windows-1252 (Excel's "CSV" in Western Europe); cells separated by commas, semicolons or tabs,
whichever the header row uses; and where the separator is not a comma, numbers with a decimal
comma ("39,5", "1.000,5") if any number in the file has one (then every dot in a number is a
thousands separator), else with a decimal point.

=================  ========  ==================================================================
column             needed    meaning (unit, allowed range)
=================  ========  ==================================================================
rep                yes       the rep's id (any text up to 40 characters)
week               yes       week number (whole, 1–520); each rep needs ≥ 8 weeks, no repeats
hours              one of    customer-facing hours that week (0–80)
contacts           the two   personal customer contacts that week (whole, 0–500)
lost_customers     yes       customers the rep lost that week (whole, 0–1000)
customers          no        customers in the rep's portfolio (whole, 1–1000)
ei                 no        the rep's EI assessment, WLEIS item mean (1–7)
rating             no        the rep's relationship rating by a supervisor (1–7)
nps                no        the rep's customers' net promoter score (−100 to 100)
=================  ========  ==================================================================

A column may also go by its German name (``GERMAN_COLUMNS``: Person, Woche, Stunden, Kontakte,
Verlorene Kunden, Kunden, EI, Bewertung, NPS, and a few more a German CRM or Excel export uses),
in any case, with spaces, underscores or hyphens alike, and with a unit in brackets after it
("Stunden (h/Woche)"). Empty cells are allowed only in the optional columns. The team sets the
simulated team (its reps, their hours or contacts week by week, their EI, their portfolio size)
and its summary statistics become calibration targets (``team_targets``).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from experiments.calibrate.config import Target
from experiments.calibrate.texts import say
from experiments.replicate.design import MAX_WEEKLY_HOURS
from experiments.replicate.texts import number as written_number
from sim.params import PARAMS, Scenario, validate_scenario

MAX_BYTES = 5_000_000
MIN_WEEKS = 8
MAX_REPS = 2000
REQUIRED = ("rep", "week", "lost_customers")
EFFORT_COLUMNS = ("hours", "contacts")
OPTIONAL = ("customers", "ei", "rating", "nps")
COLUMNS = (*REQUIRED, *EFFORT_COLUMNS, *OPTIONAL)
# column: (minimum, maximum, whole number, unit shown in errors)
RANGES: dict[str, tuple[float, float, bool, str]] = {
    "week": (1, 520, True, "week number"),
    "hours": (0, 80, False, "customer-facing hours per week"),
    "contacts": (0, 500, True, "contacts per week"),
    "lost_customers": (0, 1000, True, "customers lost that week"),
    "customers": (1, 1000, True, "customers in the portfolio"),
    "ei": (1, 7, False, "WLEIS item mean"),
    "rating": (1, 7, False, "rating on a 1–7 scale"),
    "nps": (-100, 100, False, "net promoter score"),
}
RATING_WEEKS = 4  # ratings and NPS of the last weeks describe the relationships "now"
SEPARATORS = (",", ";", "\t")
# German headers, as a German CRM or Excel export names the columns; the first is the one
# messages name. Each is read as the column it stands under here.
GERMAN_COLUMNS: dict[str, tuple[str, ...]] = {
    "rep": ("Person", "Vertriebsperson", "Mitarbeitende", "Mitarbeiter", "Mitarbeiterin", "Name"),
    "week": ("Woche", "Wochennummer"),
    "hours": ("Stunden", "Kundenstunden", "Kontaktstunden", "Stunden mit Kunden"),
    "contacts": ("Kontakte", "Kundenkontakte"),
    "lost_customers": ("Verlorene Kunden", "Kundenverluste"),
    "customers": ("Kunden", "Kunden im Portfolio", "Portfoliogröße"),
    "ei": ("EI", "Emotionale Intelligenz"),
    "rating": ("Bewertung", "Beziehungsbewertung"),
    "nps": ("NPS", "Net Promoter Score"),
}
# A number written with a decimal comma, its thousands grouped by dots or not: "39,5", "1.000,5".
DECIMAL_COMMA = re.compile(r"[+-]?(\d{1,3}(\.\d{3})+|\d*)(,\d+)?")


class TeamError(ValueError):
    """A malformed team file: one line naming the file, the row and the column."""


@dataclass(frozen=True)
class Team:
    """A parsed team.

    Attributes:
        name: The file's name (for messages and the report).
        reps: Rep ids in the file's order.
        effort: (weeks, reps) hours or contacts per week; a rep's missing week holds its mean.
        effort_kind: "hours" or "contacts".
        lost: (weeks, reps) customers lost; NaN where a rep has no row that week.
        customers: Mean portfolio size of the reps, or None.
        ei: Each rep's EI on the model's 0–1 scale ((WLEIS − 1) / 6), or None.
        relationship: Each rep's relationship on 0–1 (rating or NPS of the last weeks), or None.
        relationship_from: "rating", "nps" or None.
        columns: The file's columns, in its order.
    """

    name: str
    reps: tuple[str, ...]
    effort: np.ndarray
    effort_kind: str
    lost: np.ndarray
    customers: float | None
    ei: np.ndarray | None
    relationship: np.ndarray | None
    relationship_from: str | None
    columns: tuple[str, ...] = ()

    @property
    def weeks(self) -> int:
        return int(self.effort.shape[0])

    def fingerprint(self) -> dict[str, Any]:
        """The team's content, for the results folder's config hash."""
        return {
            "reps": list(self.reps),
            "effort": np.round(self.effort, 6).tolist(),
            "effort_kind": self.effort_kind,
            "lost": np.nan_to_num(self.lost, nan=-1).tolist(),
            "customers": self.customers,
            "ei": None if self.ei is None else np.round(self.ei, 6).tolist(),
            "relationship": None
            if self.relationship is None
            else np.round(self.relationship, 6).tolist(),
        }


def _cell(
    text: str, column: str, where: str, decimal_comma: bool = False, shown: str | None = None
) -> float:
    """The number in a cell of ``column``; its problems name the column as ``shown`` (the
    file's own header, say "Stunden (h/Woche)")."""
    low, high, whole, unit = RANGES[column]
    named = column if shown is None else shown
    written = text
    if decimal_comma and DECIMAL_COMMA.fullmatch(text) and any(c.isdigit() for c in text):
        written = text.replace(".", "").replace(",", ".")
    try:
        value = float(written)
    except ValueError:
        # a quoted "39,9" in a file with commas between its cells (German LibreOffice's CSV)
        hint = (
            "; a decimal comma needs semicolons or tabs between the cells"
            if (DECIMAL_COMMA.fullmatch(text) and "," in text)
            else ""
        )
        raise TeamError(
            f"{where}, column {named}: {text!r} is not a number ({unit}){hint}"
        ) from None
    if not math.isfinite(value):
        raise TeamError(f"{where}, column {named}: {text!r} is not a finite number ({unit})")
    if whole and value != int(value):
        raise TeamError(f"{where}, column {named}: {text} is not a whole number ({unit})")
    if not low <= value <= high:
        raise TeamError(f"{where}, column {named}: {text} is outside {low:g}–{high:g} ({unit})")
    return value


def check_size(name: str, size: int) -> None:
    """Refuse a file above ``MAX_BYTES`` before reading it (also for an upload's stated size)."""
    if size > MAX_BYTES:
        raise TeamError(f"{name}: {size:,} bytes is above the limit of {MAX_BYTES:,} bytes")


def _text(path: Path, name: str) -> str:
    if not path.is_file():
        raise TeamError(f"{name}: file not found")
    check_size(name, path.stat().st_size)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:  # Excel's "CSV" on Western European Windows
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise TeamError(
                f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at position "
                f"{exc.start}); save the export as CSV UTF-8"
            ) from None
    if "\x00" in text:
        raise TeamError(f"{name}: holds NUL characters; not a CSV text file")
    if not text.strip():
        raise TeamError(f"{name}: empty file; expected a header row and one row per rep and week")
    return text


def _column_key(cell: str) -> str:
    """A header cell as it is compared: without a unit in brackets at its end, in lower case,
    with underscores, hyphens and runs of spaces as one space ("Verlorene_Kunden (pro Woche)"
    and "verlorene kunden" alike)."""
    text = re.sub(r"\s*\([^()]*\)\s*$", "", cell.strip())
    return " ".join(text.replace("_", " ").replace("-", " ").lower().split())


# Every header the reader knows, compared as ``_column_key`` writes it: the column's own name
# and its German ones.
HEADERS = {
    _column_key(header): column
    for column in COLUMNS
    for header in (column, *GERMAN_COLUMNS[column])
}


def _header(row: list[str], name: str) -> list[str]:
    header = []
    for cell in row:
        column = HEADERS.get(_column_key(cell))
        if column is None:
            german = ", ".join(GERMAN_COLUMNS[c][0] for c in COLUMNS)
            raise TeamError(
                f"{name}: row 1, unknown column {cell.strip()!r}; allowed: {', '.join(COLUMNS)} "
                f"(in German: {german})"
            )
        header.append(column)
    if len(set(header)) < len(header):
        twice = next(c for c in header if header.count(c) > 1)
        raise TeamError(f"{name}: row 1, column {twice} appears twice")
    for column in REQUIRED:
        if column not in header:
            raise TeamError(
                f"{name}: row 1, missing column {column}; required: rep, week, lost_customers "
                "and hours or contacts"
            )
    if not any(c in header for c in EFFORT_COLUMNS):
        raise TeamError(f"{name}: row 1, missing column hours or contacts (one is required)")
    return header


def read_team(path: str | Path, called: str | None = None) -> Team:
    """Parse and check a team file; raise TeamError (one line, row and column) on a problem,
    naming the file as ``called`` (the path as the user typed it) or by its name (an upload's)."""
    path = Path(path)
    name = called or path.name
    text = _text(path, name)
    first_line = text.split("\n", 1)[0]
    separator = max(SEPARATORS, key=first_line.count)  # a comma when the header has none
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    header = _header(rows[0], name)
    # Problems in a cell name its column as the file's header does: "Stunden (h/Woche)", not
    # the reader's own name for it (hours).
    shown = {
        column: column if cell.strip() == column else f'"{cell.strip()}"'
        for column, cell in zip(header, rows[0], strict=True)
    }
    # ragged rows are refused below, row by row; here the cells a row has are enough
    decimal_comma = separator != "," and any(
        "," in cell
        for row in rows[1:]
        for column, cell in zip(header, row, strict=False)
        if column != "rep"
    )
    effort_kind = "hours" if "hours" in header else "contacts"
    records: dict[str, dict[int, dict[str, float]]] = {}
    first_row: dict[tuple[str, int], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank lines (a trailing newline in some exports)
        where = f"{name}: row {number}"
        if len(row) != len(header):
            raise TeamError(f"{where}: {len(row)} cells, the header has {len(header)}")
        cells = dict(zip(header, (c.strip() for c in row), strict=True))
        rep = cells["rep"]
        if not rep or len(rep) > 40:
            raise TeamError(f"{where}, column {shown['rep']}: {rep[:40]!r} must be 1–40 characters")
        values: dict[str, float] = {}
        for column in header:
            if column == "rep":
                continue
            if not cells[column]:
                if column in REQUIRED or column == effort_kind:
                    raise TeamError(f"{where}, column {shown[column]}: empty; a value is required")
                continue
            values[column] = _cell(cells[column], column, where, decimal_comma, shown[column])
        if values.get("lost_customers", 0) > values.get("customers", math.inf):
            raise TeamError(
                f"{where}, column {shown['lost_customers']}: {values['lost_customers']:g} is more "
                "than the "
                f"rep's {values['customers']:g} customers that week"
            )
        week = int(values["week"])
        if (rep, week) in first_row:
            raise TeamError(f"{where}: rep {rep!r}, week {week} repeats row {first_row[rep, week]}")
        first_row[rep, week] = number
        records.setdefault(rep, {})[week] = values
        if len(records) > MAX_REPS:
            raise TeamError(f"{where}, column {shown['rep']}: more than {MAX_REPS} reps")
    if len(records) < 2:
        found = "no rows of data" if not records else "1 rep"
        raise TeamError(f"{name}: {found}; at least 2 reps are needed")
    for rep, weeks in records.items():
        if len(weeks) < MIN_WEEKS:
            first = first_row[rep, min(weeks)]
            raise TeamError(
                f"{name}: row {first}, column {shown['week']}: rep {rep!r} has {len(weeks)} "
                f"{'week' if len(weeks) == 1 else 'weeks'}; "
                f"at least {MIN_WEEKS} are needed"
            )
    return _team(name, records, effort_kind, tuple(header), path.name)


def _per_rep(records: dict[str, dict[int, dict[str, float]]], column: str) -> np.ndarray | None:
    """Each rep's mean of ``column`` (None when no rep has a value; NaN for a rep without)."""
    values = [[w[column] for w in weeks.values() if column in w] for weeks in records.values()]
    if not any(values):
        return None
    return np.array([np.mean(v) if v else np.nan for v in values])


def _team(
    name: str,  # the file as messages name it
    records: dict[str, dict[int, dict[str, float]]],
    effort_kind: str,
    columns: tuple[str, ...],
    label: str,  # the file's name, for the report
) -> Team:
    reps = tuple(records)
    span = max(len(weeks) for weeks in records.values())
    effort = np.empty((span, len(reps)))
    lost = np.full((span, len(reps)), np.nan)
    for j, weeks in enumerate(records.values()):
        ordered = [weeks[w] for w in sorted(weeks)]
        own = np.array([row[effort_kind] for row in ordered])
        # A rep with fewer weeks than the longest record: the missing weeks at the start hold
        # the rep's mean (missing data is not zero effort), and their losses are not counted.
        effort[:, j] = own.mean()
        effort[span - own.size :, j] = own
        lost[span - own.size :, j] = [row["lost_customers"] for row in ordered]
    customers = _per_rep(records, "customers")
    ei = _per_rep(records, "ei")
    if ei is not None and np.isnan(ei).any():
        rep = reps[int(np.flatnonzero(np.isnan(ei))[0])]
        raise TeamError(f"{name}: column ei: rep {rep!r} has no value; give every rep one or none")
    relationship, source = None, None
    for column, to_unit in (("rating", lambda r: (r - 1) / 6), ("nps", lambda n: (n + 100) / 200)):
        recent = {
            rep: {w: v for w, v in weeks.items() if w > max(weeks) - RATING_WEEKS}
            for rep, weeks in records.items()
        }
        values = _per_rep(recent, column)
        if values is not None:
            relationship, source = to_unit(values), column
            break
    return Team(
        name=label,  # the report names the file, not where it lay
        reps=reps,
        effort=effort,
        effort_kind=effort_kind,
        lost=lost,
        customers=None if customers is None else float(np.nanmean(customers)),
        ei=None if ei is None else (ei - 1) / 6,
        relationship=relationship,
        relationship_from=source,
        columns=columns,
    )


def team_targets(team: Team, lang: str = "en") -> dict[str, Target]:
    """The team's summary statistics as targets, each with its scale's reason; the sources and
    reasons in ``lang`` (``experiments.calibrate.texts``; the calibration runs on the English
    ones, a German page shows these).

    Scales: the team's own sampling error doubled in variance (the simulated team has as much
    noise again), so a simulated team within one scale is as close as two draws of one team.
    """
    counted = team.lost[~np.isnan(team.lost)]
    rep_weeks = counted.size
    lost_rate = float(counted.mean())
    lost_se = math.sqrt(2) * max(math.sqrt(counted.sum()), 1.0) / rep_weeks
    targets = {
        "team_churn": Target(
            statistic="team_lost_per_rep_week",
            kind="value",
            observed=lost_rate,
            scale=lost_se,
            source=say(
                "team.source.lost.one" if counted.sum() == 1 else "team.source.lost",
                lang,
                file=team.name,
                lost=written_number(float(counted.sum()), lang),
                rep_weeks=rep_weeks,
            ),
            reason=say("team.reason.lost", lang),
        )
    }
    if team.relationship is not None:
        known = team.relationship[~np.isnan(team.relationship)]
        spread = float(np.std(known, ddof=1)) if known.size > 1 else 0.1
        minimum = 0.02
        targets["team_relationship"] = Target(
            statistic="team_relationship",
            kind="value",
            observed=float(known.mean()),
            scale=max(math.sqrt(2) * spread / math.sqrt(known.size), minimum),
            source=say(
                "team.source.relationship",
                lang,
                file=team.name,
                measure=say(f"team.measure.{team.relationship_from}", lang),
                reps=known.size,
                weeks=RATING_WEEKS,
            ),
            reason=say("team.reason.relationship", lang, minimum=written_number(minimum, lang)),
        )
    return targets


def team_hours(scenario: Scenario, team: Team) -> np.ndarray:
    """(weeks, reps) customer-facing hours: the team's hours, or its contacts turned into hours
    with this world's hours per contact and contact share."""
    if team.effort_kind == "hours":
        return team.effort
    per_contact = scenario.dynamics.hours_per_contact / scenario.reps.contact_share
    return np.clip(team.effort * per_contact, 0.0, MAX_WEEKLY_HOURS)


def team_scenario(team: Team) -> dict[str, Any]:
    """The team as a scenario file holds it: what ``simulate_team`` takes from the team.

    Its reps' count, their mean customer-facing hours as the team's effort and the spread of
    those means between reps, its portfolio size if the file gives one, and each rep's EI as
    a profile of its own (perception and regulation, no further spread, no team value beside
    them), so a study on this scenario simulates these reps. Contacts are turned into hours with
    the default hours per contact and contact share (``team_hours``; a calibrated world may
    differ).

    Returns:
        The scenario's groups (nested, as in a scenario file), validated.
    """
    per_rep = team_hours(Scenario(), team).mean(axis=0)
    reps: dict[str, Any] = {
        "count": len(team.reps),
        "effort_hours": round(float(np.clip(per_rep.mean(), 1.0, MAX_WEEKLY_HOURS)), 2),
        "effort_spread": round(
            float(min(np.std(per_rep, ddof=1), PARAMS["reps.effort_spread"].maximum or np.inf)),
            2,
        ),
    }
    if team.ei is not None:
        # No team perception or regulation beside the profiles': every rep's profile sets its
        # own, so a team value would act nowhere (``rapport run team.yaml`` said so).
        reps["trait_spread"] = 0.0  # each rep's EI is known: no spread around it
        reps["profiles"] = [
            {
                "name": rep,
                "share": 1 / len(team.reps),
                "perception": round(float(ei), 4),
                "regulation": round(float(ei), 4),
            }
            for rep, ei in zip(team.reps, team.ei, strict=True)
        ]
    data: dict[str, Any] = {"reps": reps}
    if team.customers is not None:
        data["customers"] = {"per_rep": round(team.customers)}
    validate_scenario(data, source=f"team {team.name}")
    return data
