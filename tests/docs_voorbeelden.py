"""Run the examples in README.md and docs/*.md, so the documentation cannot drift (sybil).

What a Markdown file may contain, in the order a reader follows it; one working folder per
document, in which ``voorbeelden/``, ``rules/`` and ``tests/`` of the checkout are visible:

* a code block whose first line starts with ``$ ``: a shell session. Each command runs with
  the project's virtualenv first on PATH, 100 columns wide, and its output (stdout and stderr
  together) must match the lines under it. A line ``…`` stands for any number of lines, a
  ``…`` inside a line for any text; runs of spaces count as one. A command whose whole
  expected output is ``…`` must also succeed (exit code 0). Ruler lines (``=====``) match
  whatever their width;
* ``<!-- bestand: PAD -->`` before a code block writes the block to PAD in the working folder;
  ``<!-- bestand: PAD (toevoegen) -->`` appends it. With lines after PAD inside the comment,
  those lines are the file (for a file the prose only mentions, such as a ``dekking.yaml``);
* ``<!-- wijzig: PAD`` / old text / ``=>`` / new text / ``-->``: an edit the prose describes
  (a deliberate mistake, and later its repair); the old text must occur exactly once;
* ``<!-- ci: PAD -->`` before a block: every line of the block occurs verbatim in PAD (the
  README's set-up commands are what ``.ci/run`` runs; running them here would nest the suite);
* a ``python`` block runs in the document's namespace; ``<!-- uitvoer -->`` before the next
  block compares that block with what the Python printed.

Every other block (YAML shown for reading, synopses) is text only.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sybil import Document, Example, Region, Sybil
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer

ROOT = Path(__file__).resolve().parents[1]
ZICHTBAAR = ("voorbeelden", "rules", "tests")  # the checkout's folders the examples refer to
BREEDTE = "100"
WEGLATING = "…"

_BLOK = RawFencedCodeBlockLexer(info_pattern=re.compile(r"(?P<taal>[^\n]*)\n"),
                                mapping={"taal": "taal", "source": "bron"})
_AANWIJZING = re.compile(r"<!--\s*(?P<soort>bestand|wijzig|uitvoer|ci)\b:?(?P<rest>.*?)-->", re.S)


# --- matching -------------------------------------------------------------------------------

def _normaal(regel: str) -> str:
    """Spacing and the width of ruler lines (``=====``, ``_____``) depend on the terminal."""
    return re.sub(r"([=_─-])\1{2,}", r"\1\1\1", " ".join(regel.split()))


def _patroon(regel: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(deel) for deel in _normaal(regel).split(WEGLATING)))


def _past_op(verwacht: list[str], kreeg: list[str]) -> bool:
    """``verwacht`` matches all of ``kreeg``; a line ``…`` matches any number of lines."""
    stukken: list[list[re.Pattern[str]]] = [[]]
    for regel in verwacht:
        if regel.strip() == WEGLATING:
            stukken.append([])
        else:
            stukken[-1].append(_patroon(regel))
    regels = [_normaal(r) for r in kreeg]

    def past(stuk: list[re.Pattern[str]], vanaf: int) -> bool:
        return vanaf + len(stuk) <= len(regels) and all(
            p.fullmatch(regels[vanaf + i]) for i, p in enumerate(stuk))

    if len(stukken) == 1:
        return len(stukken[0]) == len(regels) and past(stukken[0], 0)
    eerste, *midden, laatste = stukken
    if not past(eerste, 0):
        return False
    positie = len(eerste)
    for stuk in midden:
        while not past(stuk, positie):
            positie += 1
            if positie > len(regels):
                return False
        positie += len(stuk)
    start = len(regels) - len(laatste)
    return start >= positie and past(laatste, start)


def _verschil(wat: str, verwacht: list[str], kreeg: str) -> str:
    return (f"{wat}\n--- verwacht (uit de documentatie) ---\n" + "\n".join(verwacht)
            + f"\n--- kreeg ---\n{kreeg}")


# --- evaluators -----------------------------------------------------------------------------

def _omgeving() -> dict[str, str]:
    # As a user at a terminal sees it: no settings of this run, no CI mode (pytest prints more in CI).
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("REGELRUIMTE_", "PYTEST_", "COV_")) and k not in ("CI", "BUILD_NUMBER")}
    env.update(PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}", COLUMNS=BREEDTE,
               PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8")
    return env


def _sessie(tekst: str) -> Iterator[tuple[str, list[str]]]:
    opdracht: str | None = None
    uitvoer: list[str] = []
    for regel in tekst.rstrip("\n").splitlines():
        if regel.startswith("$ "):
            if opdracht is not None:
                yield opdracht, uitvoer
            opdracht, uitvoer = regel[2:], []
        else:
            uitvoer.append(regel)
    if opdracht is not None:
        yield opdracht, uitvoer


def _draai_sessie(example: Example) -> str | None:
    for opdracht, verwacht in _sessie(example.parsed):
        klaar = subprocess.run(["bash", "-c", opdracht], cwd=example.namespace["werkmap"], env=_omgeving(),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
        kreeg = klaar.stdout.rstrip("\n")
        if [r.strip() for r in verwacht] == [WEGLATING] and klaar.returncode != 0:
            return _verschil(f"$ {opdracht} gaf exit code {klaar.returncode}", verwacht, kreeg)
        if not _past_op(verwacht, kreeg.splitlines()):
            return _verschil(f"$ {opdracht}", verwacht, kreeg)
    return None


def _schrijf(pad: str, toevoegen: bool) -> Any:
    def schrijf(example: Example) -> None:
        doel = Path(example.namespace["werkmap"]) / pad
        doel.parent.mkdir(parents=True, exist_ok=True)
        with doel.open("a" if toevoegen else "w", encoding="utf-8") as uit:
            uit.write(example.parsed)
    return schrijf


def _wijzig(rest: str) -> Any:
    pad, _, wijziging = rest.strip().partition("\n")
    oud, scheiding, nieuw = wijziging.partition("\n=>\n")
    assert scheiding, f"wijzig {pad}: schrijf oud, een regel '=>' en nieuw"

    def wijzig(example: Example) -> None:
        doel = Path(example.namespace["werkmap"]) / pad.strip()
        tekst = doel.read_text(encoding="utf-8")
        assert tekst.count(oud) == 1, f"{pad}: {oud!r} komt {tekst.count(oud)} keer voor, niet één keer"
        doel.write_text(tekst.replace(oud, nieuw.rstrip("\n")), encoding="utf-8")
    return wijzig


def _in_bestand(pad: str) -> Any:
    def staat_erin(example: Example) -> str | None:
        tekst = (ROOT / pad).read_text(encoding="utf-8")
        ontbreekt = [r for r in example.parsed.splitlines() if r.strip() and r not in tekst]
        return f"niet letterlijk in {pad}: {ontbreekt}" if ontbreekt else None
    return staat_erin


def _python(example: Example) -> None:
    uitvoer = io.StringIO()
    with contextlib.redirect_stdout(uitvoer):
        exec(compile(example.parsed, f"{example.path}:{example.line}", "exec"), example.namespace)
    example.namespace["_uitvoer"] = uitvoer.getvalue()


def _vergelijk_uitvoer(example: Example) -> str | None:
    kreeg = example.namespace.get("_uitvoer", "").rstrip("\n")
    verwacht = example.parsed.rstrip("\n").splitlines()
    return None if _past_op(verwacht, kreeg.splitlines()) else _verschil("uitvoer van het Python-blok",
                                                                          verwacht, kreeg)


# --- parsing ---------------------------------------------------------------------------------

def _regio(start: int, eind: int, bron: Any, evaluator: Any) -> Region:
    return Region(start, eind, parsed=bron, evaluator=evaluator)


def parse(document: Document) -> Iterable[Region]:
    aanwijzingen = list(_AANWIJZING.finditer(document.text))
    blokken = list(_BLOK(document))
    for aanwijzing in aanwijzingen:
        if aanwijzing["soort"] == "wijzig":
            yield _regio(aanwijzing.start(), aanwijzing.end(), aanwijzing["rest"], _wijzig(aanwijzing["rest"]))
        elif aanwijzing["soort"] == "bestand" and "\n" in aanwijzing["rest"].strip():
            pad, inhoud = aanwijzing["rest"].strip().split("\n", 1)
            yield _regio(aanwijzing.start(), aanwijzing.end(), inhoud + "\n", _schrijf(pad.strip(), False))
    for blok in blokken:
        # the block as written, between the fence lines (sybil's own lexeme is dedented)
        bron = document.text[blok.start:blok.end].split("\n", 1)[1].rsplit("\n", 1)[0] + "\n"
        voor = [a for a in aanwijzingen if a["soort"] != "wijzig" and "\n" not in a["rest"].strip()
                and a.end() <= blok.start
                and not document.text[a.end():blok.start].strip()]
        start = voor[-1].start() if voor else blok.start
        if voor and voor[-1]["soort"] == "bestand":
            pad = voor[-1]["rest"].strip()
            toevoegen = pad.endswith("(toevoegen)")
            yield _regio(start, blok.end, bron, _schrijf(pad.removesuffix("(toevoegen)").strip(), toevoegen))
        elif voor and voor[-1]["soort"] == "ci":
            yield _regio(start, blok.end, bron, _in_bestand(voor[-1]["rest"].strip()))
        elif voor and voor[-1]["soort"] == "uitvoer":
            yield _regio(start, blok.end, bron, _vergelijk_uitvoer)
        elif bron.startswith("$ "):
            yield _regio(start, blok.end, bron, _draai_sessie)
        elif blok.lexemes["taal"].strip() == "python":
            yield _regio(start, blok.end, bron, _python)


def _begin(namespace: dict[str, Any]) -> None:
    werkmap = Path(tempfile.mkdtemp(prefix="regelruimte-docs-"))
    for naam in ZICHTBAAR:
        (werkmap / naam).symlink_to(ROOT / naam, target_is_directory=True)
    namespace["werkmap"] = str(werkmap)


def _einde(namespace: dict[str, Any]) -> None:
    shutil.rmtree(namespace["werkmap"], ignore_errors=True)


def sybil() -> Sybil:
    return Sybil(parsers=[parse], path=str(ROOT), patterns=["README.md", "docs/*.md"],
                 setup=_begin, teardown=_einde)
