"""The backend the tests use by default: durable-rules where it loads (the README's install
builds it on Python 3.11 to 3.13), else the reference evaluator."""

from __future__ import annotations

from regelruimte.backends import durable_fout

HEEFT_DURABLE = durable_fout() is None
STANDAARD = "durable" if HEEFT_DURABLE else "referentie"
