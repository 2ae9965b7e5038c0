"""The engine: load and compile a rule base once, then evaluate many case profiles.

``Engine`` is safe to share between threads: the compiled rule base is read-only, each
evaluation gets its own engine state, and nothing about a case outlives its evaluation.
Nothing is logged or stored (case profiles are personal data).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .advies import Advies
from .backends import Backend, Uitkomst, maak_backend
from .compile import Regelbank, compileer
from .diagnostics import Diagnostic, Ernst, RegelbankFout
from .encode import Feiten, codeer
from .explain import leg_uit
from .ir import Programma
from .load import laad_map
from .profile import CaseProfile, ProfielFout, laad_profiel
from .vocabulary import Vocabulaire, standaard_vocabulaire

__all__ = ["BuitenDekking", "Engine", "standaard_regels"]


def _versie() -> str:
    from . import __version__

    return __version__


class BuitenDekking(ValueError):
    """The rule base gives no answer on this peildatum (the laws were not yet in force)."""

    def __init__(self, peildatum: dt.date, vanaf: dt.date, toelichting: str) -> None:
        self.peildatum = peildatum
        self.vanaf = vanaf
        super().__init__(
            f"Peildatum {peildatum.isoformat()} valt buiten de dekking van de regelbank: de regels "
            f"geven antwoord vanaf {vanaf.isoformat()}. {toelichting.strip()}"
        )


def standaard_regels() -> Path:
    """The bundled rule directory (``REGELRUIMTE_REGELS`` overrides it)."""
    if omgeving := os.environ.get("REGELRUIMTE_REGELS"):
        return Path(omgeving)
    pakket = Path(__file__).resolve().parent
    for kandidaat in (pakket / "_rules", pakket.parent.parent / "rules"):
        if (kandidaat / "dekking.yaml").is_file():
            return kandidaat
    raise FileNotFoundError(
        "geen gebundelde regels gevonden; geef een regelmap op (Engine.from_directory)")


class Engine:
    """Evaluate case profiles against a compiled rule base."""

    def __init__(self, bank: Regelbank, *, backend: str | Backend = "durable",
                 vocab: Vocabulaire | None = None) -> None:
        self.bank = bank
        self.vocab = vocab or standaard_vocabulaire()
        self.backend: Backend = maak_backend(backend) if isinstance(backend, str) else backend

    @classmethod
    def from_directory(cls, path: str | Path, *, backend: str | Backend = "durable") -> Engine:
        """Load, check and compile the rule files under ``path``.

        Raises :class:`~regelruimte.diagnostics.RegelbankFout` listing every error.
        """
        bank, _ = _compileer(Path(path))
        return cls(bank, backend=backend)

    @classmethod
    def standaard(cls, *, backend: str | Backend = "durable") -> Engine:
        """An engine on the bundled rules."""
        return cls.from_directory(standaard_regels(), backend=backend)

    default = standaard

    @property
    def waarschuwingen(self) -> list[Diagnostic]:
        return list(self.bank.waarschuwingen)

    def evaluate(self, profile: CaseProfile | Mapping[str, Any], peildatum: dt.date | None = None,
                 *, alles: bool = False, trace: bool = True) -> Advies:
        """Evaluate one case on ``peildatum`` (else the profile's, else today).

        ``alles`` also lists routes, maatwerk and signals that do not apply. ``trace=False``
        leaves the trace empty (about a third of the explanation's cost; everything else is
        the same), for callers that do not show it.
        Raises :class:`BuitenDekking` for a date the rules do not cover and
        :class:`~regelruimte.profile.ProfielFout` for an invalid profile.
        """
        profiel, programma, feiten, uitkomst = self._draai(profile, peildatum)
        return leg_uit(self.bank, programma, feiten, uitkomst, self.vocab, profiel,
                       versie=_versie(), backend=self.backend.naam, alles=alles, trace=trace)

    def regeluitkomsten(self, profile: CaseProfile | Mapping[str, Any],
                        peildatum: dt.date | None = None) -> dict[str, bool | None]:
        """Every active rule's outcome (None = unknown); for scenario tests and debugging."""
        _, programma, _, uitkomst = self._draai(profile, peildatum)
        return {r.id: uitkomst.regels.get(r.id) for r in programma.regels}

    def _draai(self, profile: CaseProfile | Mapping[str, Any], peildatum: dt.date | None
               ) -> tuple[CaseProfile, Programma, Feiten, Uitkomst]:
        if not isinstance(profile, CaseProfile):
            profile = laad_profiel(dict(profile))
        datum = peildatum or profile.peildatum or dt.date.today()
        if not isinstance(datum, dt.date) or isinstance(datum, dt.datetime):
            raise ProfielFout([("peildatum", f"geen datum: {datum!r}")])
        dekking = self.bank.dekking
        if datum < dekking.vanaf:
            raise BuitenDekking(datum, dekking.vanaf, dekking.toelichting)
        profile.met_peildatum(datum)
        programma = self.bank.programma(datum)
        feiten = codeer(profile, datum, self.vocab)
        return profile, programma, feiten, self.backend.evalueer(programma, feiten)


def _compileer(pad: Path) -> tuple[Regelbank, list[Diagnostic]]:
    geladen = laad_map(pad)
    bank, diags = compileer(geladen)
    if bank is None or any(d.ernst is Ernst.fout for d in diags):
        raise RegelbankFout(diags)
    return bank, diags
