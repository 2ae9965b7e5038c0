"""Diagnostics: every problem in a rule file, with a stable code, a position and a fix hint.

All layers (YAML, schema, meaning, engine limits) report into one list; nothing stops at the
first error. Rendering is ``path:line:col: CODE message`` followed by an indented hint and a
source snippet, sorted by path and position.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from .limits import MAX_GETAL_CIJFERS, PROFIEL, REGELBESTAND

__all__ = ["CODES", "Diagnostic", "Ernst", "RegelbankFout", "render", "suggestie", "zichtbaar"]


class Ernst(StrEnum):
    fout = "fout"
    waarschuwing = "waarschuwing"


@dataclass(frozen=True)
class Code:
    code: str
    titel: str
    hint: str
    ernst: Ernst = Ernst.fout


def _n(getal: int) -> str:
    return f"{getal:,}".replace(",", ".")


def _codes(*items: Code) -> dict[str, Code]:
    return {item.code: item for item in items}


#: Every diagnostic code. docs/errors.md documents each with an example and its fix;
#: tests/test_docs.py checks that the two stay in step.
CODES: dict[str, Code] = _codes(
    # 1xx: reading YAML
    Code("RR101", "YAML-syntaxfout", "Controleer inspringing, dubbele punten en aanhalingstekens op deze regel."),
    Code("RR102", "Dubbele sleutel", "Een sleutel mag maar één keer voorkomen in dezelfde mapping; verwijder of hernoem er één."),
    Code("RR103", "Bestand is leeg of geen mapping", "Een regelbestand is een mapping met minstens 'regels:' (of 'gemeente:' voor gemeentebeleid)."),
    Code("RR104", "Bestand niet leesbaar", "Controleer of het bestand bestaat, leesbaar is en UTF-8 gebruikt."),
    # limits of every reader (regelruimte.limits, docs/security.md)
    Code("RR105", "Bestand te groot", f"Een regel- of scenariobestand is hoogstens {_n(REGELBESTAND.max_bytes)} bytes, een casusprofiel {_n(PROFIEL.max_bytes)}; splits het bestand."),
    Code("RR106", "Te diep genest", f"Lijsten en mappings gaan hoogstens {REGELBESTAND.max_diepte} niveaus diep (in een casusprofiel {PROFIEL.max_diepte}); vat een deel van een conditie samen in een afgeleid feit."),
    Code("RR107", "Te veel waarden", f"Een bestand bevat hoogstens {_n(REGELBESTAND.max_knopen)} waarden (een casusprofiel {_n(PROFIEL.max_knopen)}), ook na het uitvouwen van aliassen (*naam); splits het bestand of gebruik minder aliassen."),
    Code("RR108", "Te veel aliassen", f"Gebruik een alias (*naam) hoogstens {_n(REGELBESTAND.max_aliassen)} keer per bestand (in een casusprofiel {_n(PROFIEL.max_aliassen)})."),
    Code("RR109", "Alias verwijst naar zichzelf", "Een alias (*naam) mag niet binnen het anker (&naam) staan dat hij herhaalt; schrijf de waarde uit."),
    Code("RR110", "Stuurteken in bestand", "Verwijder het teken; YAML staat naast tab en regeleinde alleen afdrukbare tekens toe."),
    Code("RR111", "Tag niet toegestaan", "Laat de tag (!!naam of !naam) weg: alleen tekst, getallen, ja/nee, datums, lijsten en mappings zijn toegestaan."),
    Code("RR112", "Waarde past niet bij de tag", "Laat de tag weg of geef een waarde van die soort (!!bool true, !!int 18, !!timestamp 2021-08-01)."),
    Code("RR113", "Getal te lang", f"Een getal heeft hoogstens {MAX_GETAL_CIJFERS} tekens; geen veld heeft meer nodig."),
    Code("RR114", "JSON-syntaxfout", "Controleer aanhalingstekens, komma's en haakjes op deze plek; JSON kent geen NaN of Infinity."),
    # 2xx: schema
    Code("RR201", "Onbekend veld", "Verwijder het veld of corrigeer de spelling; zie docs/rule-language.md voor de toegestane velden."),
    Code("RR202", "Verplicht veld ontbreekt", "Voeg het veld toe; zie docs/rule-language.md."),
    Code("RR203", "Ongeldige waarde", "Gebruik een waarde van het juiste type of uit de toegestane lijst."),
    Code("RR204", "Ongeldige conditie", "Een conditie is precies één van: alle, een_van, niet, feit (met één vergelijking), regel, er_is, open_term."),
    # 3xx: meaning
    Code("RR301", "Onbekend feit", "Gebruik een veld van het casusprofiel, een berekend kenmerk of een feit dat een regel met 'soort: feit' afleidt."),
    Code("RR302", "Dubbele id", "Versies van één regel delen een id maar moeten dezelfde soort en conclusie hebben; geef andere regels een eigen id."),
    Code("RR303", "Overlappende geldigheid", "Twee versies van één regel mogen niet op dezelfde dag gelden; laat de ene eindigen (geldig_tot_en_met) vóór de andere begint, of schrijf de latere als versie onder 'versies:'."),
    Code("RR304", "Kringverwijzing", "Afgeleide feiten en uitzonderingen mogen niet (via andere regels) van zichzelf afhangen; breek de kring."),
    Code("RR305", "Regel zonder grondslag", "Geef de regel (of het bestand) een 'grondslag' met wet/bwb/artikel, of een bron voor niet-wettelijke routes."),
    Code("RR306", "Ongeldige geldigheidsperiode", "geldig_tot_en_met (de laatste dag) moet op of na geldig_vanaf liggen."),
    Code("RR307", "Onbekende regel", "Verwijs naar het id van een bestaande regel."),
    Code("RR308", "Ongeldige waarde voor feit", "Gebruik een van de toegestane waarden van dit feit."),
    Code("RR309", "Vergelijking past niet bij het type", "Gebruik 'is'/'in'/'niet_in' voor keuzelijsten en ja/nee, 'vanaf'/'tot'/... voor getallen en datummaten, 'bevat' voor lijsten."),
    Code("RR310", "Onbekende open term", "Declareer de open term in 'open_termen:' van een landelijk regelbestand, of corrigeer de spelling."),
    Code("RR311", "Onzekere grondslag niet gemarkeerd", "Markeer de regel met 'onzeker: true' en een 'onzeker_toelichting', of verifieer de grondslag tegen de wettekst.", Ernst.waarschuwing),
    Code("RR312", "Uitzondering op verkeerde soort", "Alleen regels met 'soort: uitzondering' mogen 'uitzondering_op' gebruiken, en alleen zij."),
    Code("RR314", "Ongeldige dekking", "Zet in dekking.yaml in de regelmap 'vanaf' en 'toelichting' (verplicht) en eventueel 'gecontroleerd_tot'."),
    Code("RR315", "Gemeentebestand ongeldig", "Een gemeentebestand noemt een bestaande CBS-code en bevat alleen regels met soort 'beleid'."),
    Code("RR316", "Signaal zonder overbrugging", "Een signaal noemt de wetten aan beide kanten ('wetten') en de route of maatwerkbevoegdheid die het gat kan overbruggen ('overbrugging')."),
    # 32x: presumptions (vermoedens)
    Code("RR320", "Feit kan niet vermoed worden", "Vermoed alleen een ja/nee-veld, getal, keuze of lijst van keuzes van het casusprofiel, en geen veld dat een regel met 'bekend' test; een afgeleid feit volgt uit zijn regels, een kenmerk uit de datums."),
    Code("RR321", "Vermoeden op een feit dat de aanvrager moet aantonen", "Wat de wet bij de aanvrager legt, wordt gevraagd en nooit vermoed: verwijder het vermoeden."),
    Code("RR322", "Dubbel vermoeden", "Eén vermoeden per feit op een dag: voeg de voorwaarden samen in 'als', of laat het ene eindigen (geldig_tot_en_met) vóór het andere begint."),
    Code("RR323", "Ongeldige conditie van een vermoeden", "De conditie van een vermoeden test alleen velden en kenmerken van het casusprofiel, niet het vermoede feit zelf, en geen regels, open termen of afgeleide feiten."),
    # 33x: dated versions of a rule ('versies:')
    Code("RR330", "Versie wijzigt een vast veld", "Een versie verandert wat de regel zegt (titel, als, grondslag, uitleg, ...), niet wat hij is: id, soort en feit liggen vast. Maak voor een andere conclusie een nieuwe regel met een eigen id."),
    Code("RR331", "Versies niet op volgorde", "Zet de versies op volgorde van geldig_vanaf; elke versie begint na de regel zelf en na de versie ervoor."),
    Code("RR332", "Oude spelling geldig_tot", "Schrijf 'geldig_tot_en_met': de laatste dag waarop de regel geldt, die dag inbegrepen. In een conditie is 'tot' juist exclusief, daarom de duidelijkere naam.", Ernst.waarschuwing),
    # 34x: what loads but has no effect (issue 7 item 5)
    Code("RR340", "Afgeleid feit wordt nergens gelezen", "Een afgeleid feit dat geen regel leest, verandert geen advies: corrigeer de naam in 'feit:' (een typefout laat een definitie van het bedoelde feit wegvallen), lees het feit in een conditie, of verwijder de regel.", Ernst.waarschuwing),
    Code("RR341", "Onzeker-toelichting zonder 'onzeker: true'", "Zet 'onzeker: true' als de grondslag niet geverifieerd is (dan meldt het advies dat), of verplaats de tekst naar 'notitie'."),
    Code("RR342", "Ongeldige dekkingsperiode", "'gecontroleerd_tot' ligt op of na 'vanaf' in dekking.yaml, en een melding eindigt niet vóór 'vanaf' (dan staat ze nooit in een ontvangst)."),
    Code("RR343", "Uitzondering geldt nooit samen met haar doel", "Een uitzondering zet een regel alleen opzij op dagen dat beide gelden: corrigeer het id in 'uitzondering_op' of de geldigheid (geldig_vanaf/geldig_tot_en_met), of maak een versie per periode."),
    Code("RR344", "Veld hoort niet bij deze soort", "Het advies toont dit veld niet bij deze soort regel: 'wetten' en 'overbrugging' horen bij een signaal, 'financier' en 'financier_toelichting' bij een route, 'tonen' bij een adviesitem (niet bij een feit of uitzondering)."),
    # 4xx: what the inference engine can do safely
    Code("RR401", "Te veel patronen in een regel", "durable-rules staat maximaal 16 patronen per regel toe; splits de conditie via een afgeleid feit."),
    Code("RR402", "Conditie te groot", "De conditie valt uiteen in te veel alternatieven; vat een deel samen in een afgeleid feit."),
    Code("RR403", "Te veel verschillende tests op één feit", "durable-rules houdt per feit hoogstens 64 geslaagde tests tegelijk bij (fout 303); vat tests samen in een afgeleid feit."),
    Code("RR404", "Te veel keer 'er_is' over dezelfde lijst", "Meer dan vier 'er_is' over één lijst in één alternatief is niet te plannen; vat er enkele samen in een afgeleid feit."),
    Code("RR405", "Te veel regels voor één netwerk", "durable-rules draagt hoogstens 4096 regels per netwerk en 256 op één test, en elke regel telt één keer per alternatief van zijn waar- en onwaar-kant; vat brede condities (veel 'een_van') samen in afgeleide feiten of beperk de regels die tegelijk gelden."),
)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in a rule file."""

    file: str
    line: int
    column: int
    code: str
    message: str
    hint: str | None = field(default=None, compare=False)
    context: str | None = field(default=None, compare=False)

    @property
    def ernst(self) -> Ernst:
        return CODES[self.code].ernst

    def kop(self) -> str:
        return zichtbaar(f"{self.file}:{self.line}:{self.column}: {self.code} {self.message}")

    # Aliases of the names before the rename ('regel' also meant a rule; docs/glossary.md).
    @property
    def pad(self) -> str:
        return self.file

    @property
    def regel(self) -> int:
        return self.line

    @property
    def kolom(self) -> int:
        return self.column

    @property
    def bericht(self) -> str:
        return self.message


def suggestie(woord: str, kandidaten: Iterable[str]) -> str:
    """A ' (bedoel je X?)' suffix when a close match exists, else ''."""
    lijst = [k for k in kandidaten if isinstance(k, str)]
    beste = difflib.get_close_matches(woord, lijst, n=1, cutoff=0.6)
    if not beste:
        lager = {k.lower(): k for k in lijst}
        beste = [lager[m] for m in difflib.get_close_matches(woord.lower(), lager, n=1, cutoff=0.6)]
    return f" (bedoel je '{beste[0]}'?)" if beste else ""


_ONZICHTBAAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def zichtbaar(tekst: str) -> str:
    """``tekst`` with control characters (an escape sequence, a bidi override) shown as \ufffd,
    so quoting a file can never steer the terminal; tab and newline stay."""
    return _ONZICHTBAAR.sub("\ufffd", tekst)


_SNIPPET_BREEDTE = 160  # characters of a long source line shown around the column


def _lines(file: str, cache: dict[str, list[str]]) -> list[str]:
    if file not in cache:
        try:
            with open(file, "rb") as bron:
                ruw = bron.read(REGELBESTAND.max_bytes + 1)
            cache[file] = [] if len(ruw) > REGELBESTAND.max_bytes else ruw.decode("utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            cache[file] = []
    return cache[file]


def _snippet(file: str, line: int, column: int, cache: dict[str, list[str]]) -> list[str]:
    lines = _lines(file, cache)
    if not 1 <= line <= len(lines):
        return []
    tekst, begin = lines[line - 1], 0
    if len(tekst) > _SNIPPET_BREEDTE:
        begin = max(0, min(column - 1 - _SNIPPET_BREEDTE // 2, len(tekst) - _SNIPPET_BREEDTE))
        tekst = ("…" if begin else "") + tekst[begin:begin + _SNIPPET_BREEDTE] + "…"
        begin -= 1 if begin else 0
    return [f"    {line:>4} | {zichtbaar(tekst)}", "         | " + " " * max(column - 1 - begin, 0) + "^"]


def render(diagnostics: Sequence[Diagnostic], *, snippets: bool = True) -> str:
    """Render sorted diagnostics: ``path:line:col: CODE message``, hint and snippet."""
    lines: list[str] = []
    files: dict[str, list[str]] = {}  # each file read once, however many problems it has
    for diag in sorted(diagnostics):
        lines.append(diag.kop())
        if snippets:
            lines.extend(_snippet(diag.file, diag.line, diag.column, files))
        if diag.context:
            lines.append(f"    {zichtbaar(diag.context)}")
        hint = diag.hint or CODES[diag.code].hint
        lines.append(f"    hint: {hint}")
    return "\n".join(lines)


class RegelbankFout(ValueError):
    """The rule files contain errors; ``diagnostics`` holds every one of them."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        fouten = [d for d in self.diagnostics if d.ernst is Ernst.fout]
        super().__init__(
            f"{len(fouten)} fout(en) in de regelbestanden:\n" + render(fouten, snippets=False)
        )
