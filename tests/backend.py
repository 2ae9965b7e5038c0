"""The backend the tests use by default: durable-rules where it imports (Python 3.11/3.12),
else the reference evaluator (Python 3.13+, where durable-rules 2.0.28 cannot import)."""

from __future__ import annotations

from regelruimte.backends import BackendNietBeschikbaar, maak_backend

try:
    maak_backend("durable")
    STANDAARD = "durable"
except BackendNietBeschikbaar:
    STANDAARD = "referentie"

HEEFT_DURABLE = STANDAARD == "durable"
