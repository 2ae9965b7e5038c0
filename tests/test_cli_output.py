"""The CLI prints rule, scenario and profile text as it is, on lines that never wrap.

Text from the files is never read as rich markup (``[/]`` used to crash the output and
``[t.twee]`` vanished as a style tag), and the ``path:line:col: CODE`` header that editors
parse stays on one line whatever the terminal width.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from regelruimte.cli import app
from regelruimte.compile import compileer
from regelruimte.load import laad_map

CLI = Path(__file__).parent / "hostile" / "cli"
MARKUP_REGELS = CLI / "markup_regels"
MARKUP_SCENARIO = CLI / "goede_regels" / "markup.test.yaml"
PROFIEL = CLI / "profiel.yaml"


def test_rule_text_that_looks_like_markup_is_printed_as_written() -> None:
    uit = CliRunner().invoke(app, ["advies", str(PROFIEL), "--regels", str(MARKUP_REGELS),
                                   "--backend", "referentie"])
    assert uit.exit_code == 1, uit.output
    assert isinstance(uit.exception, SystemExit)
    assert "ongeldige waarde '[/]'" in uit.output
    assert 'soort: "[/]"' in uit.output  # the source snippet
    assert "uitzondering_op: [t.twee]" in uit.output


def test_scenario_text_that_looks_like_markup_is_printed_as_written() -> None:
    uit = CliRunner().invoke(app, ["test", str(MARKUP_SCENARIO), "--backend", "referentie"])
    assert uit.exit_code == 1, uit.output
    assert isinstance(uit.exception, SystemExit)
    assert "[bold]vet[/bold] en [/]" in uit.output
    assert "'[/]' is geen veld van het casusprofiel" in uit.output


def test_error_headers_never_wrap_on_a_narrow_terminal() -> None:
    omgeving = {**os.environ, "COLUMNS": "40", "TERM": "xterm"}
    uit = subprocess.run([sys.executable, "-m", "regelruimte.cli", "advies", str(PROFIEL),
                          "--regels", str(MARKUP_REGELS), "--backend", "referentie"],
                         capture_output=True, text=True, env=omgeving)
    assert uit.returncode == 1, uit.stderr
    regels = uit.stderr.splitlines()
    _, diags = compileer(laad_map(MARKUP_REGELS))
    assert diags
    for diag in diags:
        assert diag.kop() in regels, diag.kop()
    assert all(len(diag.kop()) > 40 for diag in diags)  # so each would have wrapped


def test_profile_errors_never_wrap() -> None:
    omgeving = {**os.environ, "COLUMNS": "40"}
    profiel = Path(__file__).parent / "hostile" / "profielen" / "persoonlijk_velden.yaml"
    uit = subprocess.run([sys.executable, "-m", "regelruimte.cli", "advies", str(profiel)],
                         capture_output=True, text=True, env=omgeving)
    assert uit.returncode == 2
    assert ("  onderwijs: ongeldige waarde; toegestaan: 'geen', 'po', 'vo', 'pro', 'vso', 'entree', "
            "'mbo_bol', 'mbo_bbl', 'vavo', 'hbo_wo'") in uit.stderr.splitlines()
