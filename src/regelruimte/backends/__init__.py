"""Backends that run a compiled program on encoded facts.

``durable`` (the default) runs it on the durable-rules Rete engine; ``referentie`` is the
pure-Python tree-walking evaluator of the same form (the oracle); ``snel`` runs the program
as one generated Python function per epoch (:class:`~regelruimte.semantics.CompiledEvaluator`).
Only :mod:`regelruimte.backends.durable` imports durable-rules.

Which backend answers is chosen once, not on every call: the ``backend`` argument, else the
environment variable ``REGELRUIMTE_BACKEND``, else ``auto``. ``auto`` takes durable-rules and,
where it cannot be loaded (no C compiler when it was installed, a Python it was not built
for), the reference evaluator, with one :class:`TerugvalWaarschuwing` per process. An explicit
``durable`` never falls back; ``snel`` is only ever chosen explicitly.
"""

from __future__ import annotations

import importlib
import os
import warnings
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .. import ir
    from ..encode import Feiten
    from ..semantics import Slots

__all__ = [
    "KEUZES",
    "OMGEVINGSVARIABELE",
    "Backend",
    "BackendNietBeschikbaar",
    "TerugvalWaarschuwing",
    "Uitkomst",
    "durable_fout",
    "kies_backend",
    "maak_backend",
]

OMGEVINGSVARIABELE = "REGELRUIMTE_BACKEND"
KEUZES = ("auto", "durable", "referentie", "snel")


@dataclass(frozen=True)
class Uitkomst:
    """What a backend decided: each rule's effective outcome (absent = unknown)."""

    regels: dict[str, bool]
    vuringen: int = 0  # rule firings (durable) or decided rules (reference)
    #: the value of every node of the program, where the backend computed them all (snel):
    #: the explanation reads them instead of evaluating again
    waarden: Slots | None = None


class Backend(Protocol):
    naam: str

    def evalueer(self, programma: ir.Programma, feiten: Feiten) -> Uitkomst: ...


class BackendNietBeschikbaar(RuntimeError):
    """The requested backend cannot run on this machine."""


class TerugvalWaarschuwing(RuntimeWarning):
    """durable-rules could not be loaded, so the reference evaluator answers (``auto``)."""


@cache
def durable_fout() -> str | None:
    """Why durable-rules cannot be loaded here, or None when it can. Tried once per process."""
    try:
        importlib.import_module(f"{__name__}.durable")
    except ImportError as fout:
        return str(fout)
    return None


def terugval_tekst(reden: str) -> str:
    """The fallback notice: once on stderr, and in every advice's ``ontvangst.waarschuwingen``."""
    return (f"durable-rules kon niet worden geladen ({reden}); de referentie-evaluator (pure Python, "
            "dezelfde regels en uitkomsten) geeft antwoord. Herstel (met een C-compiler): "
            "CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject pip install --no-cache-dir "
            f"--force-reinstall durable-rules==2.0.28; of kies {OMGEVINGSVARIABELE}=referentie om deze "
            "melding te voorkomen.")


def kies_backend(naam: str | None = None) -> tuple[Backend, str | None]:
    """The backend for ``naam`` (else ``$REGELRUIMTE_BACKEND``, else ``auto``) and, when
    ``auto`` fell back to the reference evaluator, the notice saying so."""
    if naam is None:
        naam = os.environ.get(OMGEVINGSVARIABELE, "").strip() or "auto"
        bron = f"{OMGEVINGSVARIABELE}={naam}"
    else:
        bron = f"backend {naam!r}"
    if naam not in KEUZES:
        raise ValueError(f"onbekende {bron}; kies uit {', '.join(KEUZES)}")
    if naam == "auto":
        reden = durable_fout()
        if reden is None:
            return maak_backend("durable"), None
        tekst = terugval_tekst(reden)
        _waarschuw_eenmaal(tekst)
        return maak_backend("referentie"), tekst
    return maak_backend(naam), None


@cache
def _waarschuw_eenmaal(tekst: str) -> None:
    warnings.warn(tekst, TerugvalWaarschuwing, stacklevel=2)


def maak_backend(naam: str) -> Backend:
    """``durable``, ``referentie`` or ``snel``, exactly as asked: never falls back."""
    if naam == "referentie":
        from .reference import ReferentieBackend

        return ReferentieBackend()
    if naam == "snel":
        from .snel import SnelBackend

        return SnelBackend()
    if naam == "durable":
        reden = durable_fout()
        if reden is not None:
            raise BackendNietBeschikbaar(
                f"durable-rules is niet te importeren op deze machine ({reden}); kies backend "
                f"'referentie' of 'auto' (CLI: --backend, omgeving: {OMGEVINGSVARIABELE})")
        from .durable import DurableBackend

        return DurableBackend()
    raise ValueError(f"onbekende backend {naam!r}; kies 'durable', 'referentie' of 'snel'")
