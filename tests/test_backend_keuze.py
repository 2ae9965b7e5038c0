"""The backend is chosen once: an argument, else REGELRUIMTE_BACKEND, else ``auto``, which falls
back to the reference evaluator where durable-rules cannot be loaded, and says so once on
stderr and in every advice's ontvangst."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from regelruimte import Engine, cli, standaard_regels
from regelruimte.backends import (
    OMGEVINGSVARIABELE,
    BackendNietBeschikbaar,
    TerugvalWaarschuwing,
    _waarschuw_eenmaal,
    durable_fout,
    kies_backend,
    maak_backend,
)
from regelruimte.cli import app

ROOT = Path(__file__).resolve().parents[1]
VOORBEELD = ROOT / "voorbeelden" / "bergeijk-2021.yaml"
BANK = Engine.from_directory(standaard_regels(), backend="referentie").bank


def _opnieuw_proberen() -> None:
    durable_fout.cache_clear()
    _waarschuw_eenmaal.cache_clear()
    cli._waarschuwing.cache_clear()


@pytest.fixture
def zonder_durable(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """durable-rules' C module cannot be imported, as on a machine without a C compiler."""
    monkeypatch.setitem(sys.modules, "durable_rules_engine", None)  # import raises ImportError
    monkeypatch.delitem(sys.modules, "regelruimte.backends.durable", raising=False)
    monkeypatch.delenv(OMGEVINGSVARIABELE, raising=False)
    _opnieuw_proberen()
    yield
    _opnieuw_proberen()


@pytest.fixture(autouse=True)
def geen_instelling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(OMGEVINGSVARIABELE, raising=False)


def test_auto_falls_back_once_and_says_so_in_the_ontvangst(zonder_durable: None) -> None:
    with pytest.warns(TerugvalWaarschuwing) as gezien:
        eerste = Engine(BANK)
        tweede = Engine(BANK)
    assert len(gezien) == 1, "the fallback is announced once per process, not per engine"
    assert "durable-rules kon niet worden geladen" in str(gezien[0].message)
    for engine in (eerste, tweede):
        assert engine.backend.naam == "referentie"
        for _ in range(2):
            advies = engine.evaluate({"leeftijd": 17, "onderwijs": "geen"})
            assert advies.ontvangst.backend == "referentie"
            assert [w for w in advies.ontvangst.waarschuwingen if "durable-rules" in w] == [engine.terugval]


def test_the_fallback_answers_as_durable_would() -> None:
    profiel = {"leeftijd": 17, "onderwijs": "geen"}
    gewoon = Engine(BANK, backend="referentie").evaluate(profiel)
    terug = Engine(BANK, backend="referentie")
    terug.terugval = "melding"
    teruggevallen = terug.evaluate(profiel)
    assert teruggevallen.ontvangst.waarschuwingen == [*gewoon.ontvangst.waarschuwingen, "melding"]
    assert teruggevallen.model_dump(exclude={"ontvangst"}) == gewoon.model_dump(exclude={"ontvangst"})


def test_explicit_durable_never_falls_back(zonder_durable: None, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(BackendNietBeschikbaar, match="durable_rules_engine"):
        maak_backend("durable")
    with pytest.raises(BackendNietBeschikbaar):
        Engine(BANK, backend="durable")
    monkeypatch.setenv(OMGEVINGSVARIABELE, "durable")
    with pytest.raises(BackendNietBeschikbaar):
        Engine(BANK)


def test_the_setting_chooses_the_backend_without_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(OMGEVINGSVARIABELE, "referentie")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        engine = Engine(BANK)
    assert engine.backend.naam == "referentie" and engine.terugval is None
    assert engine.evaluate({"leeftijd": 17}).ontvangst.backend == "referentie"


def test_an_argument_overrides_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(OMGEVINGSVARIABELE, "durable")
    assert Engine(BANK, backend="referentie").backend.naam == "referentie"


def test_an_unknown_setting_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(OMGEVINGSVARIABELE, "rete")
    with pytest.raises(ValueError, match=f"onbekende {OMGEVINGSVARIABELE}=rete; kies uit auto, durable, referentie"):
        kies_backend()
    uit = CliRunner().invoke(app, ["advies", str(VOORBEELD)])
    assert uit.exit_code == 2
    assert f"onbekende {OMGEVINGSVARIABELE}=rete" in uit.stderr


@pytest.mark.skipif(durable_fout() is not None, reason="durable-rules does not load here")
def test_auto_takes_durable_where_it_loads() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        engine = Engine(BANK)
    assert engine.backend.naam.startswith("durable-rules") and engine.terugval is None


def test_cli_says_it_once_in_dutch_and_names_the_backend(zonder_durable: None) -> None:
    uit = CliRunner().invoke(app, ["advies", str(VOORBEELD), "--json"])
    assert uit.exit_code == 0, uit.output
    assert uit.stderr.count("waarschuwing: durable-rules kon niet worden geladen") == 1
    assert "TerugvalWaarschuwing" not in uit.stderr  # not Python's warning format
    assert '"backend": "referentie"' in uit.stdout
    assert "durable-rules kon niet worden geladen" in uit.stdout  # in ontvangst.waarschuwingen


def test_cli_option_chooses_the_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(OMGEVINGSVARIABELE, "durable")
    uit = CliRunner().invoke(app, ["advies", str(VOORBEELD), "--json", "--backend", "referentie"])
    assert uit.exit_code == 0, uit.output
    assert '"backend": "referentie"' in uit.stdout and "waarschuwing" not in uit.stderr
