"""regelruimte: which law applies to a young person, who pays, and where may we deviate?

>>> from regelruimte import Engine, CaseProfile
>>> engine = Engine.standaard()                                     # doctest: +SKIP
>>> advies = engine.evaluate(CaseProfile(leeftijd=17, onderwijs="geen"))  # doctest: +SKIP
"""

from __future__ import annotations

from .advies import Advies, Status
from .backends import BackendNietBeschikbaar, TerugvalWaarschuwing
from .diagnostics import Diagnostic, RegelbankFout
from .engine import BuitenDekking, Engine, standaard_regels
from .profile import CaseProfile, ProfielFout, laad_profiel, lees_profiel

__version__ = "0.2.0"  # the one place; pyproject.toml, publiccode.yml and CHANGELOG.md follow it

__all__ = [
    "Advies",
    "BackendNietBeschikbaar",
    "BuitenDekking",
    "CaseProfile",
    "Diagnostic",
    "Engine",
    "ProfielFout",
    "RegelbankFout",
    "Status",
    "TerugvalWaarschuwing",
    "__version__",
    "laad_profiel",
    "lees_profiel",
    "standaard_regels",
]
