"""Backends that run a compiled program on encoded facts.

``durable`` (the default) runs it on the durable-rules Rete engine; ``referentie`` is the
pure-Python evaluator of the same form. Only :mod:`regelruimte.backends.durable` imports
durable-rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .. import ir
    from ..encode import Feiten

__all__ = ["Backend", "BackendNietBeschikbaar", "Uitkomst", "maak_backend"]


@dataclass(frozen=True)
class Uitkomst:
    """What a backend decided: each rule's effective outcome (absent = unknown)."""

    regels: dict[str, bool]
    vuringen: int = 0  # rule firings (durable) or decided rules (reference)


class Backend(Protocol):
    naam: str

    def evalueer(self, programma: ir.Programma, feiten: Feiten) -> Uitkomst: ...


class BackendNietBeschikbaar(RuntimeError):
    """The requested backend cannot run on this machine."""


def maak_backend(naam: str) -> Backend:
    """``durable`` or ``referentie``. Never falls back silently."""
    if naam == "referentie":
        from .reference import ReferentieBackend

        return ReferentieBackend()
    if naam == "durable":
        try:
            from .durable import DurableBackend
        except ImportError as fout:
            raise BackendNietBeschikbaar(
                "durable-rules is niet te importeren op deze machine "
                f"({fout}); kies expliciet backend='referentie' (CLI: --backend referentie)"
            ) from fout
        return DurableBackend()
    raise ValueError(f"onbekende backend {naam!r}; kies 'durable' of 'referentie'")
