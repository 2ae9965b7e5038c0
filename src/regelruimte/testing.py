"""pytest plugin: collect ``*.test.yaml`` scenario files next to the rules.

Opt-in: the plugin is installed with regelruimte in every environment, so it collects only
in a project whose pytest configuration asks for it::

    [tool.pytest.ini_options]
    regelruimte_scenarios = true

(or ``regelruimte_scenarios = true`` in pytest.ini / tox.ini / setup.cfg, or ``-o
regelruimte_scenarios=true`` on the command line). Elsewhere it does nothing, so another
application's own ``*.test.yaml`` files are left alone.

Every scenario runs on each available backend, and once more as a cross-check that the
durable-rules backend and the reference evaluator decide every rule the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .engine import Engine
    from .scenario import GeladenScenario

INI_OPTIE = "regelruimte_scenarios"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(INI_OPTIE, type="bool", default=False,
                  help="regelruimte: verzamel de *.test.yaml-scenariobestanden naast de regels.")


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.name.endswith(".test.yaml") and parent.config.getini(INI_OPTIE):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


@cache
def _engine(map_: str, backend: str) -> Engine:
    from .engine import Engine

    return Engine.from_directory(map_, backend=backend)


@cache
def _backends() -> tuple[str, ...]:
    from .backends import durable_fout

    return ("referentie",) if durable_fout() else ("durable", "referentie")


class ScenarioFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        from .scenario import lees_scenarios

        for geladen in lees_scenarios(self.path):
            for backend in _backends():
                yield ScenarioItem.from_parent(self, name=f"{geladen.scenario.naam} [{backend}]",
                                               geladen=geladen, backend=backend)
            if len(_backends()) > 1:
                yield KruisItem.from_parent(self, name=f"{geladen.scenario.naam} [kruiscontrole]",
                                            geladen=geladen)


class ScenarioItem(pytest.Item):
    def __init__(self, *, geladen: GeladenScenario, backend: str, **kw: Any) -> None:
        super().__init__(**kw)
        self.geladen = geladen
        self.backend = backend

    def runtest(self) -> None:
        from .scenario import ScenarioFout, regelmap_voor, voer_uit

        engine = _engine(str(regelmap_voor(self.path)), self.backend)
        verschillen = voer_uit(engine, self.geladen.scenario)
        if verschillen:
            raise ScenarioFout("\n".join(verschillen))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        from .scenario import ScenarioFout

        if isinstance(excinfo.value, ScenarioFout):
            return (f"{self.path}:{self.geladen.line}: scenario '{self.geladen.scenario.naam}' "
                    f"({self.backend})\n  " + str(excinfo.value).replace("\n", "\n  "))
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.geladen.line - 1, self.name


class KruisItem(ScenarioItem):
    def __init__(self, *, geladen: GeladenScenario, **kw: Any) -> None:
        super().__init__(geladen=geladen, backend="kruiscontrole", **kw)

    def runtest(self) -> None:
        from .engine import BuitenDekking
        from .profile import ProfielFout, laad_profiel
        from .scenario import ScenarioFout, regelmap_voor

        scenario = self.geladen.scenario
        map_ = str(regelmap_voor(self.path))
        try:
            profiel = laad_profiel(scenario.profiel)
            vermoedens = not scenario.streng
            a = _engine(map_, "durable").regeluitkomsten(profiel, scenario.peildatum, vermoedens=vermoedens)
            b = _engine(map_, "referentie").regeluitkomsten(profiel, scenario.peildatum, vermoedens=vermoedens)
        except (BuitenDekking, ProfielFout):
            return
        verschil = {r: (a[r], b.get(r)) for r in a if a[r] != b.get(r)}
        if verschil:
            raise ScenarioFout("durable en referentie verschillen: " + ", ".join(
                f"{r}: {x} vs {y}" for r, (x, y) in sorted(verschil.items())))
