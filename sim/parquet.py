"""Parquet files as Rapport writes and reads them.

Every data page Rapport writes carries a CRC-32 checksum, and every read checks the checksums a
file has: a bit flipped on disk or in a copy is found (the read fails, and a sweep sets the
chunk aside and runs its runs again) instead of being read as another number. Parquet's own
framing finds only damage to its headers; a flipped bit in a page of numbers decodes without a
word. Files written before the checksums, or by other tools without them, read as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq


def write(table: pa.Table, where: str | Path | IO[bytes]) -> None:
    """``table`` as Parquet at ``where`` (a path or an open binary file), each page checksummed."""
    pq.write_table(table, where, write_page_checksum=True)


def read(path: str | Path, columns: list[str] | None = None) -> pa.Table:
    """The Parquet file ``path`` (only ``columns`` if given), its page checksums checked: raises
    ``OSError`` naming the page whose checksum fails."""
    return pq.read_table(path, columns=columns, page_checksum_verification=True)
