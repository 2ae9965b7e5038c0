"""What the readers accept: the limits on input files and dates, in one place.

Every reader (rule files, scenario files, case profiles as YAML or JSON, and front ends
that read many profiles at once) checks its input against a :class:`Grenzen` before it
builds anything, so no input can make it use unbounded time or memory. A breach is a coded
error (RR105-RR113, see docs/errors.md) naming the file and, where there is one, the place.
docs/security.md says why each limit is where it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "MAX_BESTAND_BYTES",
    "MAX_GETAL_CIJFERS",
    "MAX_KOLOMMEN",
    "MAX_PEILDATUM",
    "MAX_RIJEN",
    "MAX_XLSX_BYTES",
    "PROFIEL",
    "REGELBESTAND",
    "SCENARIOBESTAND",
    "Grenzen",
]


@dataclass(frozen=True)
class Grenzen:
    """Limits for one kind of input document."""

    #: size of the file (or text) in bytes, checked before it is parsed
    max_bytes: int
    #: lists and mappings inside each other (a scalar adds no level)
    max_diepte: int
    #: values (scalars, lists, mappings) after every alias is expanded: what a reader that
    #: copies the value at each alias would build (the "billion laughs" construct)
    max_knopen: int
    #: uses of an alias (``*naam``)
    max_aliassen: int


# The largest bundled rule file is 25 KB with 1,300 values nested 15 deep; the largest
# scenario file 20 KB with 1,900 values. The limits leave room for 40 times that.
REGELBESTAND = Grenzen(max_bytes=1_000_000, max_diepte=50, max_knopen=100_000, max_aliassen=1_000)
SCENARIOBESTAND = Grenzen(max_bytes=1_000_000, max_diepte=50, max_knopen=100_000, max_aliassen=1_000)

# A case profile is about 1 KB nested 3 deep; 50 jeugdhulp periods (the most a profile may
# list) take about 6 KB. Use these limits for every profile, also one read from a batch.
PROFIEL = Grenzen(max_bytes=100_000, max_diepte=20, max_knopen=10_000, max_aliassen=100)

#: digits (or characters) of one number in YAML or JSON; Python refuses to convert ints of
#: more than 4,300 digits, and no field needs more than a handful
MAX_GETAL_CIJFERS = 100

#: the latest peildatum the engine accepts; date arithmetic on it stays within datetime's
#: range (years up to 9999), with room for measures that look years ahead
MAX_PEILDATUM = dt.date(9000, 12, 31)

# --- tables of case profiles (regelruimte batch, vergelijk, scenario tables) ---------------

#: largest csv, jsonl or parquet file read (bytes); csv and parquet are read in parts, so
#: this bounds the time a run takes, not its memory
MAX_BESTAND_BYTES = 2 * 1024**3
#: largest xlsx file read (compressed; a sheet unpacks to many times this, and is read whole)
MAX_XLSX_BYTES = 100 * 1024**2
#: most rows (cases) in one input file
MAX_RIJEN = 2_000_000
#: most columns in one input file (50 jeugdhulp periods of 4 fields plus every field fits)
MAX_KOLOMMEN = 1_000
