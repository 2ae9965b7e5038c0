"""Read YAML (and JSON) while keeping the line and column of every node, within limits.

``yaml.safe_load`` throws positions away, so a schema error could only say *what* is wrong.
Here every value gets a :class:`Pos` keyed by its path in the document (a
:data:`YamlPath`, a tuple of keys and indexes), so validation errors from pydantic (whose
``loc`` is such a path) map back to ``file:line:col``.

Nothing is built before the input is known to fit its :class:`~regelruimte.limits.Grenzen`:
the file size is checked before parsing, nesting depth, the number of values (with every
alias expanded) and alias uses while the YAML is composed. Only plain data comes out: a tag
other than the core ones (str, int, float, bool, null, timestamp, map, seq) is refused, on a
scalar as on a list or mapping. Every problem is a coded :class:`Diagnostic`, never an
exception.
"""

from __future__ import annotations

import errno
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic
from .limits import MAX_GETAL_CIJFERS, REGELBESTAND, Grenzen

__all__ = ["Bron", "Pos", "YamlPath", "decodeer", "lees_bestand", "lees_json", "lees_yaml"]

#: a location inside a YAML document: its keys and list indexes from the root
YamlPath = tuple[str | int, ...]
Pad = YamlPath  # alias of the name before the rename


@dataclass(frozen=True)
class Pos:
    line: int
    column: int

    def __reduce__(self) -> tuple[type[Pos], tuple[int, int]]:
        # A frozen dataclass unpickles slowly (0.1 s for the 15,000 positions of the bundled
        # rules), and the rule-base cache (regelcache) unpickles them on every start.
        return Pos, (self.line, self.column)

    # Aliases of the names before the rename ('regel' also meant a rule).
    @property
    def regel(self) -> int:
        return self.line

    @property
    def kolom(self) -> int:
        return self.column


@dataclass
class Bron:
    """A parsed YAML document: its data plus the position of every path in it."""

    file: str
    data: Any
    posities: dict[YamlPath, Pos] = field(default_factory=dict)
    sleutel_posities: dict[YamlPath, Pos] = field(default_factory=dict)

    @property
    def pad(self) -> str:
        """Alias of :attr:`file` (the name before the rename)."""
        return self.file

    def pos(self, path: YamlPath, *, sleutel: bool = False) -> Pos:
        """Position of ``path``; for a key error the key itself, else the nearest known parent."""
        if sleutel and path in self.sleutel_posities:
            return self.sleutel_posities[path]
        while path:
            if path in self.posities:
                return self.posities[path]
            path = path[:-1]
        return self.posities.get((), Pos(1, 1))

    def diag(self, path: YamlPath, code: str, bericht: str, hint: str | None = None,
             *, sleutel: bool = False, context: str | None = None) -> Diagnostic:
        p = self.pos(path, sleutel=sleutel)
        return Diagnostic(self.file, p.line, p.column, code, bericht, hint, context)


_KERN = "tag:yaml.org,2002:"
_COLLECTIE_TAGS = {_KERN + "map", _KERN + "seq"}
_SCALAIR_TAGS = {_KERN + s for s in ("str", "int", "float", "bool", "null", "timestamp")}
# '=' and '<<' resolve to these tags in YAML 1.1; as a value they are just text
_ALS_TEKST = {_KERN + "value", _KERN + "merge"}
_GETAL_TAGS = {_KERN + "int", _KERN + "float"}


class _Grensfout(Exception):
    """A limit was crossed while composing: stops the reader at ``mark``."""

    def __init__(self, mark: Any, code: str, bericht: str) -> None:
        super().__init__(bericht)
        self.mark = mark
        self.code = code
        self.bericht = bericht


class _Loader(yaml.SafeLoader):
    """A SafeLoader that counts while it composes, so it can stop before a limit is crossed.

    ``_knopen`` counts the values a reader that copies every alias would build: a node adds
    one, an alias the (expanded) size of what its anchor names. An alias to an anchor that
    is still open (``&a [*a]``) would make that copy endless and is refused.
    """

    def __init__(self, tekst: str, grenzen: Grenzen = REGELBESTAND) -> None:
        super().__init__(tekst)
        self.grenzen = grenzen
        self._diepte = 0
        self._knopen = 0
        self._aliassen = 0
        self._open: set[str] = set()
        self._grootte: dict[str, int] = {}

    def _tel(self, aantal: int, mark: Any, *, alias: bool = False) -> None:
        self._knopen += aantal
        if self._knopen > self.grenzen.max_knopen:
            waarom = " (na het uitvouwen van aliassen)" if alias else ""
            raise _Grensfout(mark, "RR107", f"meer dan {_getal(self.grenzen.max_knopen)} waarden{waarom}")

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent):
            anker = event.anchor
            if anker in self._open:
                raise _Grensfout(event.start_mark, "RR109",
                                 f"de alias '*{anker}' staat binnen het anker '&{anker}' zelf")
            self._aliassen += 1
            if self._aliassen > self.grenzen.max_aliassen:
                raise _Grensfout(event.start_mark, "RR108",
                                 f"meer dan {_getal(self.grenzen.max_aliassen)} keer een alias (*naam) gebruikt")
            if anker in self._grootte:
                self._tel(self._grootte[anker], event.start_mark, alias=True)
            return super().compose_node(parent, index)
        collectie = isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent)
        anker = getattr(event, "anchor", None)
        if collectie:
            self._diepte += 1
            if self._diepte > self.grenzen.max_diepte:
                raise _Grensfout(event.start_mark, "RR106",
                                 f"meer dan {self.grenzen.max_diepte} lijsten en mappings in elkaar")
            if anker is not None:
                self._open.add(anker)
        voor = self._knopen
        self._tel(1, event.start_mark)
        node = super().compose_node(parent, index)
        if collectie:
            self._diepte -= 1
        if anker is not None:
            self._open.discard(anker)
            self._grootte[anker] = self._knopen - voor
        return node


def _getal(n: int) -> str:
    """A number as Dutch text writes it: 100.000."""
    return f"{n:,}".replace(",", ".")


def _pos(node: yaml.Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


def _toon_tag(tag: str) -> str:
    tekst = "!!" + tag.removeprefix(_KERN) if tag.startswith(_KERN) else tag
    return tekst if len(tekst) <= 60 else tekst[:59] + "…"


def _scalair(node: yaml.ScalarNode, bron: Bron, loader: _Loader, fouten: list[Diagnostic]) -> Any:
    tag = node.tag
    if tag in _ALS_TEKST:
        return node.value
    p = _pos(node)
    if tag not in _SCALAIR_TAGS:
        fouten.append(Diagnostic(bron.file, p.line, p.column, "RR111",
                                 f"de tag '{_toon_tag(tag)}' is niet toegestaan"))
        return None
    if tag in _GETAL_TAGS and len(node.value) > MAX_GETAL_CIJFERS:
        fouten.append(Diagnostic(bron.file, p.line, p.column, "RR113",
                                 f"een getal van meer dan {MAX_GETAL_CIJFERS} tekens"))
        return None
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        if tag == _KERN + "timestamp":
            # An impossible date such as 2004-02-30 looks like a timestamp but cannot be
            # built: keep the text, so the schema names the field and says it is not a date.
            return node.value
    except (KeyError, AttributeError, IndexError, TypeError, OverflowError):
        pass  # '!!bool maybe', '!!timestamp x', "!!int ''": PyYAML's constructors fail raw
    fouten.append(Diagnostic(bron.file, p.line, p.column, "RR112",
                             f"de waarde past niet bij de tag '{_toon_tag(tag)}'"))
    return None


def _bouw(node: yaml.Node, pad: YamlPath, bron: Bron, loader: _Loader,
          fouten: list[Diagnostic]) -> Any:
    bron.posities[pad] = _pos(node)
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _COLLECTIE_TAGS:
        p = _pos(node)
        soort = "mapping" if isinstance(node, yaml.MappingNode) else "lijst"
        fouten.append(Diagnostic(bron.file, p.line, p.column, "RR111",
                                 f"de tag '{_toon_tag(node.tag)}' is niet toegestaan op een {soort}"))
        return None
    if isinstance(node, yaml.MappingNode):
        return _mapping(node, pad, bron, loader, fouten)
    if isinstance(node, yaml.SequenceNode):
        return [_bouw(item, (*pad, i), bron, loader, fouten) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    return _scalair(node, bron, loader, fouten)


def _mapping(node: yaml.MappingNode, pad: YamlPath, bron: Bron, loader: _Loader,
             fouten: list[Diagnostic]) -> dict[Any, Any]:
    # Keys written here, as opposed to keys merged in with '<<: *anchor': an explicit key
    # overrides a merged one (YAML merge semantics); two explicit ones are a duplicate.
    expliciet = {id(k) for k, _ in node.value
                 if not (isinstance(k, yaml.ScalarNode) and k.tag == "tag:yaml.org,2002:merge")}
    loader.flatten_mapping(node)
    uit: dict[Any, Any] = {}
    uit_expliciet: set[Any] = set()
    for sleutel_node, waarde_node in node.value:
        if isinstance(sleutel_node, yaml.ScalarNode):
            sleutel = _scalair(sleutel_node, bron, loader, fouten)
        else:
            sleutel = _bouw(sleutel_node, (*pad, "?"), bron, loader, fouten)
        if not isinstance(sleutel, str | int | bool):
            sleutel = str(sleutel)
        sub = (*pad, sleutel if isinstance(sleutel, str | int) else str(sleutel))
        is_expliciet = id(sleutel_node) in expliciet
        if sleutel in uit:
            if not is_expliciet:
                continue  # merged value under an explicit key: the explicit one wins
            if sleutel in uit_expliciet:
                eerste = bron.sleutel_posities.get(sub)
                waar = f" (eerder op regel {eerste.line})" if eerste else ""
                p = _pos(sleutel_node)
                fouten.append(Diagnostic(bron.file, p.line, p.column, "RR102",
                                         f"dubbele sleutel '{sleutel}'{waar}"))
                continue
        bron.sleutel_posities[sub] = _pos(sleutel_node)
        uit[sleutel] = _bouw(waarde_node, sub, bron, loader, fouten)
        if is_expliciet:
            uit_expliciet.add(sleutel)
    return uit


_YAML_NL = (
    ("expected <block end>, but found", "de inspringing klopt niet (deze regel springt anders in dan de regels erboven)"),
    ("mapping values are not allowed here", "een ':' op een plek waar geen sleutel kan beginnen (aanhalingstekens rond de tekst vergeten?)"),
    ("found character '\\t' that cannot start any token", "een tab gebruikt; YAML springt in met spaties"),
    ("could not find expected ':'", "hier ontbreekt een ':' na de sleutel"),
    ("found undefined alias", "een alias (*naam) zonder bijbehorend anker (&naam)"),
    ("found unexpected end of stream", "het bestand houdt midden in een waarde op (aanhalingsteken of haakje niet gesloten?)"),
    ("did not find expected key", "hier werd een sleutel verwacht (inspringing of '-' verkeerd?)"),
    ("did not find expected node content", "hier ontbreekt een waarde"),
    ("found duplicate anchor", "dit anker (&naam) is al eerder in het bestand gebruikt"),
    ("expected a single document in the stream", "het bestand bevat meer dan één YAML-document ('---')"),
    ("found unhashable key", "een lijst of mapping als sleutel"),
    ("expected a mapping or list of mappings for merging", "'<<:' voegt alleen een mapping (of een lijst van mappings) samen"),
    ("expected a mapping for merging", "'<<:' voegt alleen een mapping (of een lijst van mappings) samen"),
)


def _yaml_nl(bericht: str) -> str:
    """A Dutch reading of PyYAML's message, with the original kept for the expert."""
    for engels, nederlands in _YAML_NL:
        if engels in bericht:
            return f"YAML-syntaxfout: {nederlands} ({bericht})"
    return f"YAML-syntaxfout: {bericht or 'ongeldige YAML'}"


def _regel_kolom(tekst: str, positie: int) -> tuple[int, int]:
    regel = tekst.count("\n", 0, positie) + 1
    return regel, positie - (tekst.rfind("\n", 0, positie) + 1) + 1


def _teken(teken: str | int) -> str:
    code = teken if isinstance(teken, int) else ord(teken)
    naam = unicodedata.name(chr(code), "") if code <= 0x10FFFF else ""
    return f"U+{code:04X}" + (f" ({naam.lower()})" if naam else " (een stuurteken)")


def lees_bestand(pad: str | Path, grenzen: Grenzen = REGELBESTAND) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of a file, read no further than ``grenzen.max_bytes``."""
    naam = str(pad)
    try:
        with open(pad, "rb") as invoer:
            ruw = invoer.read(grenzen.max_bytes + 1)
    except FileNotFoundError:
        return None, [Diagnostic(naam, 1, 1, "RR104", "bestand bestaat niet")]
    except IsADirectoryError:
        return None, [Diagnostic(naam, 1, 1, "RR104", "dit is een map, geen bestand")]
    except PermissionError:
        return None, [Diagnostic(naam, 1, 1, "RR104", "geen leesrechten op dit bestand")]
    except OSError as fout:
        soort = errno.errorcode.get(fout.errno or 0, type(fout).__name__)
        return None, [Diagnostic(naam, 1, 1, "RR104", f"kan bestand niet lezen ({soort})")]
    if len(ruw) > grenzen.max_bytes:
        return None, [_te_groot(naam, grenzen)]
    return ruw, []


def _te_groot(naam: str, grenzen: Grenzen) -> Diagnostic:
    return Diagnostic(naam, 1, 1, "RR105", f"het bestand is groter dan {_getal(grenzen.max_bytes)} bytes")


def _tekst(pad: str | Path, tekst: str | None, grenzen: Grenzen) -> tuple[str | None, list[Diagnostic]]:
    naam = str(pad)
    if tekst is not None:
        if len(tekst) > grenzen.max_bytes or len(tekst.encode("utf-8", "surrogatepass")) > grenzen.max_bytes:
            return None, [_te_groot(naam, grenzen)]
        return tekst, []
    ruw, fouten = lees_bestand(pad, grenzen)
    if ruw is None:
        return None, fouten
    tekst, fout = decodeer(naam, ruw)
    return tekst, [fout] if fout else []


def decodeer(naam: str, ruw: bytes) -> tuple[str | None, Diagnostic | None]:
    """UTF-8 text, or RR104 at the first byte that is not UTF-8."""
    try:
        return ruw.decode("utf-8"), None
    except UnicodeDecodeError as fout:
        regel = ruw.count(b"\n", 0, fout.start) + 1
        kolom = fout.start - (ruw.rfind(b"\n", 0, fout.start) + 1) + 1
        return None, Diagnostic(naam, regel, kolom, "RR104",
                                f"geen geldige UTF-8: de byte 0x{ruw[fout.start]:02X} hoort hier niet")


def lees_yaml(pad: str | Path, tekst: str | None = None,
              grenzen: Grenzen = REGELBESTAND) -> tuple[Bron | None, list[Diagnostic]]:
    """Parse one YAML file. Returns (source or None when unreadable, diagnostics)."""
    naam = str(pad)
    tekst, fouten = _tekst(pad, tekst, grenzen)
    if tekst is None:
        return None, fouten
    loader: _Loader | None = None
    try:
        loader = _Loader(tekst, grenzen)
        node = loader.get_single_node()
    except yaml.reader.ReaderError as fout:
        regel, kolom = _regel_kolom(tekst, fout.position)
        return None, [Diagnostic(naam, regel, kolom, "RR110",
                                 f"het teken {_teken(fout.character)} is niet toegestaan in YAML")]
    except _Grensfout as fout:
        mark = fout.mark
        regel, kolom = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Diagnostic(naam, regel, kolom, fout.code, fout.bericht)]
    except yaml.MarkedYAMLError as fout:
        mark = fout.problem_mark or fout.context_mark
        regel, kolom = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        bericht = " ".join(str(d) for d in (fout.context, fout.problem) if d)
        return None, [Diagnostic(naam, regel, kolom, "RR101", _yaml_nl(bericht))]
    except yaml.YAMLError as fout:
        return None, [Diagnostic(naam, 1, 1, "RR101", _yaml_nl(str(fout)))]
    finally:
        if loader is not None:
            loader.dispose()
    bron = Bron(naam, None)
    if node is None:
        return bron, []
    fouten = []
    try:
        bron.data = _bouw(node, (), bron, _Loader("", grenzen), fouten)
    except yaml.MarkedYAMLError as fout:
        mark = fout.problem_mark or fout.context_mark
        regel, kolom = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        bericht = " ".join(str(d) for d in (fout.context, fout.problem) if d)
        return None, [Diagnostic(naam, regel, kolom, "RR101", _yaml_nl(bericht))]
    except RecursionError:
        # Only a chain of hundreds of merge keys ('<<: *a') recurses this deep in PyYAML.
        return None, [Diagnostic(naam, 1, 1, "RR106", "te diep genest (samenvoegingen met '<<:')")]
    return bron, fouten


# --- JSON ---------------------------------------------------------------------------------

# One token per match; an unterminated string runs to the end, so no position is tried twice.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[{]|[\]}]|[^\s\[\]{},:"]+', re.DOTALL)

_JSON_NL = (
    ("Expecting value", "hier werd een waarde verwacht"),
    ("Expecting property name enclosed in double quotes", "hier werd een sleutel tussen dubbele aanhalingstekens verwacht"),
    ("Expecting ',' delimiter", "hier ontbreekt een komma"),
    ("Expecting ':' delimiter", "hier ontbreekt een ':' na de sleutel"),
    ("Unterminated string", "een tekst zonder afsluitend aanhalingsteken"),
    ("Invalid control character", "een stuurteken in een tekst (schrijf het als \\u-code)"),
    ("Invalid \\escape", "een ongeldige escape (\\) in een tekst"),
    ("Invalid \\uXXXX escape", "een ongeldige \\u-code in een tekst"),
    ("Extra data", "er staat nog iets na het einde van het JSON-document"),
)


def _json_grenzen(naam: str, tekst: str, grenzen: Grenzen) -> list[Diagnostic]:
    """Check depth, number of values and number length before ``json.loads`` builds anything."""
    diepte = knopen = 0
    for token in _JSON_TOKEN.finditer(tekst):
        eerste = token.group()[0]
        if eerste in "]}":
            diepte -= 1
            continue
        knopen += 1
        if eerste in "[{":
            diepte += 1
        fout: tuple[str, str] | None = None
        if diepte > grenzen.max_diepte:
            fout = ("RR106", f"meer dan {grenzen.max_diepte} lijsten en objecten in elkaar")
        elif knopen > grenzen.max_knopen:
            fout = ("RR107", f"meer dan {_getal(grenzen.max_knopen)} waarden")
        elif eerste in "-0123456789" and len(token.group()) > MAX_GETAL_CIJFERS:
            fout = ("RR113", f"een getal van meer dan {MAX_GETAL_CIJFERS} tekens")
        elif token.group() in ("NaN", "Infinity", "-Infinity"):
            fout = ("RR114", f"JSON-syntaxfout: '{token.group()}' is geen JSON-getal")
        if fout is not None:
            regel, kolom = _regel_kolom(tekst, token.start())
            return [Diagnostic(naam, regel, kolom, *fout)]
    return []


class _JsonFout(ValueError):
    def __init__(self, code: str, bericht: str) -> None:
        super().__init__(bericht)
        self.code = code
        self.bericht = bericht


def _geen_constante(naam: str) -> Any:
    raise _JsonFout("RR114", f"JSON-syntaxfout: '{naam}' is geen JSON-getal")


def _uniek(paren: list[tuple[str, Any]]) -> dict[str, Any]:
    uit: dict[str, Any] = {}
    for sleutel, waarde in paren:
        if sleutel in uit:
            raise _JsonFout("RR102", f"dubbele sleutel '{sleutel}'")
        uit[sleutel] = waarde
    return uit


def _json_syntaxfout(naam: str, fout: json.JSONDecodeError) -> Diagnostic:
    """One Dutch message per mistake, the same on every Python.

    Python 3.13 names a trailing comma itself, at the comma; 3.11 and 3.12 report the closing
    bracket after it as a missing key or value. Both become the comma's position and one reason.
    """
    tekst, pos = fout.doc, fout.pos
    komma = pos if tekst[pos:pos + 1] == "," else len(tekst[:pos].rstrip()) - 1
    sluiter = tekst[komma + 1:].lstrip()[:1]
    if komma >= 0 and tekst[komma] == "," and sluiter in ("}", "]"):
        soort = "het object" if sluiter == "}" else "de lijst"
        regel = tekst.count("\n", 0, komma) + 1
        kolom = komma - tekst.rfind("\n", 0, komma)
        reden = f"een komma vlak voor het einde van {soort} (haal die komma weg)"
        return Diagnostic(naam, regel, kolom, "RR114", f"JSON-syntaxfout: {reden}")
    reden = next((nl for en, nl in _JSON_NL if fout.msg.startswith(en)), fout.msg)
    return Diagnostic(naam, fout.lineno, fout.colno, "RR114", f"JSON-syntaxfout: {reden}")


def lees_json(pad: str | Path, tekst: str | None = None,
              grenzen: Grenzen = REGELBESTAND) -> tuple[Any, list[Diagnostic]]:
    """Parse one JSON document within ``grenzen``. Returns (data or None, diagnostics)."""
    naam = str(pad)
    tekst, fouten = _tekst(pad, tekst, grenzen)
    if tekst is None:
        return None, fouten
    fouten = _json_grenzen(naam, tekst, grenzen)
    if fouten:
        return None, fouten
    try:
        return json.loads(tekst, parse_constant=_geen_constante, object_pairs_hook=_uniek), []
    except json.JSONDecodeError as fout:
        return None, [_json_syntaxfout(naam, fout)]
    except _JsonFout as fout:
        return None, [Diagnostic(naam, 1, 1, fout.code, fout.bericht)]
    except RecursionError:  # not reached within the depth limit; kept as the last line of defence
        return None, [Diagnostic(naam, 1, 1, "RR106", "te diep genest")]
