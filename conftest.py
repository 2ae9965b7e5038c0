"""The examples in README.md and docs/*.md run as tests (see tests/docs_voorbeelden.py)."""

from tests.docs_voorbeelden import sybil

pytest_collect_file = sybil().pytest()
