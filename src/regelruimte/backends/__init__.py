"""Backends that run a compiled program on encoded facts.

``durable`` (the default) runs it on the durable-rules Rete engine; ``referentie`` is the
pure-Python tree-walking evaluator of the same form (the oracle); ``snel`` runs the program
as one generated Python function per epoch (:class:`~regelruimte.semantics.CompiledEvaluator`).
Only :mod:`regelruimte.backends.durable` imports durable-rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .. import ir
    from ..encode import Feiten
    from ..semantics import Slots

__all__ = ["BACKENDS", "Backend", "BackendNietBeschikbaar", "Uitkomst", "maak_backend"]

#: the backends by name, as chosen with ``--backend`` or ``Engine(..., backend=...)``
BACKENDS = ("durable", "referentie", "snel")


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


def maak_backend(naam: str) -> Backend:
    """``durable``, ``referentie`` or ``snel``. Never falls back silently."""
    if naam == "referentie":
        from .reference import ReferentieBackend

        return ReferentieBackend()
    if naam == "snel":
        from .snel import SnelBackend

        return SnelBackend()
    if naam == "durable":
        try:
            from .durable import DurableBackend
        except ImportError as fout:
            raise BackendNietBeschikbaar(
                "durable-rules is niet te importeren op deze machine "
                f"({fout}); kies expliciet backend='referentie' (CLI: --backend referentie)"
            ) from fout
        return DurableBackend()
    raise ValueError(f"onbekende backend {naam!r}; kies 'durable', 'referentie' of 'snel'")
