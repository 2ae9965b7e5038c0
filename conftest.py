"""The examples in README.md and docs/*.md run as tests (see tests/docs_voorbeelden.py).

The commands the tests run keep their rule-base cache (regelruimte.regelcache) in a private
temporary directory of this test process, never in the user's ~/.cache."""

import atexit
import os
import shutil
import tempfile

from tests.docs_voorbeelden import sybil

os.environ["REGELRUIMTE_CACHE_DIR"] = _cache = tempfile.mkdtemp(prefix="regelruimte-tests-cache-")
atexit.register(shutil.rmtree, _cache, ignore_errors=True)

pytest_collect_file = sybil().pytest()
