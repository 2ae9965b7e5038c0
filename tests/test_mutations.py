"""A mutation fuzzer over the real rule files.

Each mutant is one bundled rule file (or ``dekking.yaml``) with one to three random edits —
a character deleted or inserted (also control characters, brackets, quotes, anchors), a line
deleted, doubled, swapped or re-indented, a word swapped for another word of the file, a
number or date swapped for an extreme one, a YAML construct inserted, the file cut short —
loaded together with the other, untouched files. Every mutant must load and compile, or give
coded ``file:line:col`` diagnostics; none may raise, and none may take longer than
``TIJDSLIMIET`` seconds. A mutant that compiles is evaluated on the bundled example.

The default run tries ``AANTAL`` mutants with a fixed seed; ``-m slow`` tries ``AANTAL_SLOW``
more, with the durable-rules plan check, and runs the first ``DURABLE_STEEKPROEF`` that
compile on both backends, which must agree.
"""

from __future__ import annotations

import contextlib
import gc
import random
import re
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import FrameType

import pytest

from regelruimte import BuitenDekking, Engine, ProfielFout, lees_profiel, standaard_regels
from regelruimte.compiler import compile_rules
from regelruimte.diagnostics import CODES, Ernst
from regelruimte.load import DEKKING, Geladen, laad_bestand, laad_map, regelbestanden

from .backend import HEEFT_DURABLE

AANTAL = 200
AANTAL_SLOW = 3000
ZAAD = 20260107
DURABLE_STEEKPROEF = 40  # compiled mutants also run on durable-rules under -m slow
TIJDSLIMIET = 10.0  # seconds per mutant, on a loaded shared machine; a typical one takes 0.05

MAP = standaard_regels()
VOORBEELD = lees_profiel(Path(__file__).resolve().parents[1] / "voorbeelden" / "bergeijk-2021.yaml")

_TEKENS = [":", "-", " ", "  ", "\t", "\n", "[", "]", "{", "}", ",", "'", '"', "&", "*", "!", "|", ">", "#",
           "%", "@", "`", "?", "\\", "\x00", "\x0c", "\x1b", "\x85", "\ufeff", "\u2028", "é", "0", "9", "."]
_CONSTRUCTIES = ["&a ", "*a", "*onbekend", "!!str ", "!!int ", "!!bool ", "!!binary ", "!!set ",
                 "!!python/object/apply:os.system ", "!eigen ", "<<: *a\n", "? ", "--- ", "...\n",
                 "%YAML 1.1\n", "[[[[[[[[", "]]]]", "{{{{", "'", "\"\\x", "|\n", ">-\n", "- - - -", ": :"]
_UITERSTEN = ["0", "-1", "1" * 30, "9" * 120, "0.5", "1e400", ".nan", "-.inf", "0001-01-01", "9999-12-31",
              "2015-01-01", "2004-02-30", "null", "~", "true", "no", "''", "[]", "{}"]
_WOORD = re.compile(r"[\w.°-]+")
_GETAL = re.compile(r"\b\d[\d-]*\b")


@dataclass(frozen=True)
class Mutant:
    doel: Path
    tekst: str
    bewerkingen: tuple[str, ...]

    def beschrijving(self) -> str:
        return f"{self.doel.relative_to(MAP)}: {', '.join(self.bewerkingen)}"


def _bewerk(rng: random.Random, tekst: str) -> tuple[str, str]:
    """One random edit of ``tekst``: (new text, what was done)."""
    regels = tekst.splitlines(keepends=True)
    soort = rng.randrange(10)
    if soort == 0 and tekst:
        i = rng.randrange(len(tekst))
        return tekst[:i] + tekst[i + 1:], f"teken {i} weg"
    if soort == 1:
        i, teken = rng.randrange(len(tekst) + 1), rng.choice(_TEKENS)
        return tekst[:i] + teken + tekst[i:], f"{teken!r} op {i}"
    if soort == 2 and regels:
        i = rng.randrange(len(regels))
        return "".join(regels[:i] + regels[i + 1:]), f"regel {i + 1} weg"
    if soort == 3 and regels:
        i = rng.randrange(len(regels))
        return "".join(regels[:i + 1] + regels[i:]), f"regel {i + 1} dubbel"
    if soort == 4 and len(regels) > 1:
        i = rng.randrange(len(regels) - 1)
        regels[i], regels[i + 1] = regels[i + 1], regels[i]
        return "".join(regels), f"regels {i + 1} en {i + 2} omgewisseld"
    if soort == 5 and regels:
        i, delta = rng.randrange(len(regels)), rng.choice([-2, -1, 1, 2, 4])
        regels[i] = " " * delta + regels[i] if delta > 0 else regels[i][-delta:]
        return "".join(regels), f"regel {i + 1} inspringing {delta:+d}"
    woorden = list(_WOORD.finditer(tekst))
    if soort == 6 and woorden:
        oud, nieuw = rng.choice(woorden), rng.choice(woorden).group()
        return tekst[:oud.start()] + nieuw + tekst[oud.end():], f"{oud.group()!r} -> {nieuw!r}"
    getallen = list(_GETAL.finditer(tekst))
    if soort == 7 and getallen:
        oud, nieuw = rng.choice(getallen), rng.choice(_UITERSTEN)
        return tekst[:oud.start()] + nieuw + tekst[oud.end():], f"{oud.group()!r} -> {nieuw!r}"
    if soort == 8:
        i, stuk = rng.randrange(len(tekst) + 1), rng.choice(_CONSTRUCTIES)
        return tekst[:i] + stuk + tekst[i:], f"{stuk!r} op {i}"
    i = rng.randrange(len(tekst) + 1)
    return tekst[:i], f"afgekapt op {i}"


def mutanten(aantal: int, zaad: int) -> Iterator[Mutant]:
    rng = random.Random(zaad)
    doelen = [MAP / DEKKING, *regelbestanden(MAP)]
    teksten = {p: p.read_text(encoding="utf-8") for p in doelen}
    for _ in range(aantal):
        doel = rng.choice(doelen)
        tekst, bewerkingen = teksten[doel], []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            tekst, wat = _bewerk(rng, tekst)
            bewerkingen.append(wat)
        yield Mutant(doel, tekst, tuple(bewerkingen))


class _Basis:
    """Every bundled file loaded once on its own, so a mutant re-reads only its own file."""

    def __init__(self) -> None:
        self.paden = [MAP / DEKKING, *regelbestanden(MAP)]
        self.los: dict[Path, Geladen] = {}
        for pad in self.paden:
            geladen = Geladen(MAP)
            laad_bestand(geladen, pad, pad.read_bytes(), dekking=pad == MAP / DEKKING)
            self.los[pad] = geladen

    def met(self, mutant: Mutant) -> Geladen:
        geladen = Geladen(MAP)
        for pad in self.paden:
            if pad == mutant.doel:
                laad_bestand(geladen, pad, mutant.tekst.encode("utf-8", "surrogatepass"),
                             dekking=pad == MAP / DEKKING)
                continue
            los = self.los[pad]
            geladen.bestanden.extend(los.bestanden)
            geladen.diagnostics.extend(los.diagnostics)
            geladen.kapotte_ids |= los.kapotte_ids
            geladen.kapotte_feiten |= los.kapotte_feiten
            if pad == MAP / DEKKING:
                geladen.dekking, geladen.dekking_bron = los.dekking, los.dekking_bron
        return geladen


class TeLaat(Exception):
    pass


@contextlib.contextmanager
def tijdslimiet(seconden: float) -> Iterator[None]:
    """Interrupt the block after ``seconden`` of CPU time (Unix, main thread; elsewhere no limit).

    CPU time, not wall time: on a shared machine under load a mutant that takes 2 s of CPU
    can take 10 s on the clock, and a hang in the compiler is a loop that burns CPU."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def stop(_: int, frame: FrameType | None) -> None:
        # An exception raised inside a gc callback (hypothesis installs one) is swallowed and
        # reported as unraisable; try again a moment later, outside the collection.
        if frame is not None and frame.f_code in {getattr(cb, "__code__", None) for cb in gc.callbacks}:
            signal.setitimer(signal.ITIMER_PROF, 0.01)
            return
        raise TeLaat

    vorige = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, seconden)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, vorige)


def _bestaat(pad: str) -> bool:
    return Path(pad).exists() or Path(pad) == MAP / DEKKING


def controleer(basis: _Basis, mutant: Mutant, *, volledig: bool, durable: bool = False) -> str:
    """Load, compile and (if it compiles) run one mutant; return what happened.

    ``durable`` also runs it on durable-rules. Every new rule base there is a new ruleset
    that durable-rules never frees (megabytes each), so only a sample of mutants does."""
    with tijdslimiet(TIJDSLIMIET):
        bank, diags = compile_rules(basis.met(mutant), plan_check=volledig)
        for d in diags:
            assert d.code in CODES, d
            assert d.regel >= 1 and d.kolom >= 1, d
            assert _bestaat(d.pad), d
        if bank is None:
            assert any(d.ernst is Ernst.fout for d in diags), [d.kop() for d in diags]
            return "fout"
        backends = ["referentie", "durable"] if durable and HEEFT_DURABLE else ["referentie"]
        uitkomsten = []
        for backend in backends:
            try:
                uitkomsten.append(Engine(bank, backend=backend).regeluitkomsten(VOORBEELD))
            except (ProfielFout, BuitenDekking) as fout:
                uitkomsten.append({"fout": type(fout).__name__})
        assert all(u == uitkomsten[0] for u in uitkomsten)
        return "geladen"


@cache
def _basis() -> _Basis:
    return _Basis()


def _draai(aantal: int, zaad: int, *, volledig: bool) -> dict[str, int]:
    basis = _basis()
    telling: dict[str, int] = {"fout": 0, "geladen": 0}
    for mutant in mutanten(aantal, zaad):
        try:
            durable = volledig and telling["geladen"] < DURABLE_STEEKPROEF
            telling[controleer(basis, mutant, volledig=volledig, durable=durable)] += 1
        except TeLaat:
            pytest.fail(f"mutant duurde langer dan {TIJDSLIMIET} s: {mutant.beschrijving()}")
        except AssertionError as fout:
            raise AssertionError(f"{mutant.beschrijving()}: {fout}") from fout
        except Exception as fout:
            raise AssertionError(f"{mutant.beschrijving()}: {type(fout).__name__}: {fout}") from fout
    return telling


def test_base_loaded_file_by_file_is_the_bundled_rule_base() -> None:
    geen = Mutant(MAP / DEKKING, (MAP / DEKKING).read_text(encoding="utf-8"), ())
    bank, diags = compile_rules(_basis().met(geen), plan_check=False)
    assert bank is not None, [d.kop() for d in diags]
    gebundeld, _ = compile_rules(laad_map(MAP), plan_check=False)
    assert gebundeld is not None
    assert [v.id for v in bank.versions] == [v.id for v in gebundeld.versions]


def test_mutants_of_the_rule_files_load_or_give_coded_errors() -> None:
    telling = _draai(AANTAL, ZAAD, volledig=False)
    assert telling["fout"] + telling["geladen"] == AANTAL
    assert telling["fout"] > AANTAL // 3 and telling["geladen"] > AANTAL // 20, telling


@pytest.mark.slow
def test_many_more_mutants_with_plan_check_and_both_backends() -> None:
    telling = _draai(AANTAL_SLOW, ZAAD + 1, volledig=True)
    assert telling["fout"] + telling["geladen"] == AANTAL_SLOW
