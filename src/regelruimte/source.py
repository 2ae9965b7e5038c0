"""Read YAML while keeping the line and column of every node.

``yaml.safe_load`` throws positions away, so a schema error could only say *what* is wrong.
Here every value gets a :class:`Pos` keyed by its path in the document (a
:data:`YamlPath`, a tuple of keys and indexes), so validation errors from pydantic (whose
``loc`` is such a path) map back to ``file:line:col``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic

__all__ = ["Bron", "Pos", "YamlPath", "lees_yaml"]

#: a location inside a YAML document: its keys and list indexes from the root
YamlPath = tuple[str | int, ...]
Pad = YamlPath  # alias of the name before the rename


@dataclass(frozen=True)
class Pos:
    line: int
    column: int

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


class _Loader(yaml.SafeLoader):
    pass


def _pos(node: yaml.Node) -> Pos:
    return Pos(node.start_mark.line + 1, node.start_mark.column + 1)


def _bouw(node: yaml.Node, pad: YamlPath, bron: Bron, loader: _Loader,
          fouten: list[Diagnostic]) -> Any:
    bron.posities[pad] = _pos(node)
    if isinstance(node, yaml.MappingNode):
        # Keys written here, as opposed to keys merged in with '<<: *anchor': an explicit key
        # overrides a merged one (YAML merge semantics); two explicit ones are a duplicate.
        expliciet = {id(k) for k, _ in node.value
                     if not (isinstance(k, yaml.ScalarNode) and k.tag == "tag:yaml.org,2002:merge")}
        loader.flatten_mapping(node)
        uit: dict[Any, Any] = {}
        uit_expliciet: set[Any] = set()
        for sleutel_node, waarde_node in node.value:
            sleutel = loader.construct_object(sleutel_node, deep=True)
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
    if isinstance(node, yaml.SequenceNode):
        return [_bouw(item, (*pad, i), bron, loader, fouten) for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        # An impossible date such as 2004-02-30 looks like a timestamp but cannot be built:
        # keep the text, so the schema names the field and says it is not a valid date.
        return node.value


_YAML_NL = (
    ("expected <block end>, but found", "de inspringing klopt niet (deze regel springt anders in dan de regels erboven)"),
    ("mapping values are not allowed here", "een ':' op een plek waar geen sleutel kan beginnen (aanhalingstekens rond de tekst vergeten?)"),
    ("found character '\\t' that cannot start any token", "een tab gebruikt; YAML springt in met spaties"),
    ("could not find expected ':'", "hier ontbreekt een ':' na de sleutel"),
    ("found undefined alias", "een alias (*naam) zonder bijbehorend anker (&naam)"),
    ("found unexpected end of stream", "het bestand houdt midden in een waarde op (aanhalingsteken of haakje niet gesloten?)"),
    ("did not find expected key", "hier werd een sleutel verwacht (inspringing of '-' verkeerd?)"),
    ("did not find expected node content", "hier ontbreekt een waarde"),
)


def _yaml_nl(bericht: str) -> str:
    """A Dutch reading of PyYAML's message, with the original kept for the expert."""
    for engels, nederlands in _YAML_NL:
        if engels in bericht:
            return f"YAML-syntaxfout: {nederlands} ({bericht})"
    return f"YAML-syntaxfout: {bericht or 'ongeldige YAML'}"


_CLoader: type[yaml.CSafeLoader] | None = getattr(yaml, "CSafeLoader", None)


def _ontleed(tekst: str) -> yaml.Node | None:
    """The node tree of one document: parsed by libyaml where PyYAML has it (about four
    times faster, same nodes and positions: tests/test_speed.py compares them), and by the
    pure-Python parser when libyaml is missing or finds a problem, so a syntax error reads
    the same on every machine."""
    if _CLoader is not None:
        snel = _CLoader(tekst)
        try:
            return snel.get_single_node()
        except yaml.YAMLError:
            pass
        finally:
            snel.dispose()
    loader = _Loader(tekst)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def lees_yaml(pad: str | Path, tekst: str | None = None) -> tuple[Bron | None, list[Diagnostic]]:
    """Parse one YAML file. Returns (source or None when unreadable, diagnostics)."""
    naam = str(pad)
    if tekst is None:
        try:
            tekst = Path(pad).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as fout:
            return None, [Diagnostic(naam, 1, 1, "RR104", f"kan bestand niet lezen: {fout}")]
    try:
        node = _ontleed(tekst)
    except yaml.MarkedYAMLError as fout:
        mark = fout.problem_mark or fout.context_mark
        regel, kolom = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        bericht = " ".join(str(d) for d in (fout.context, fout.problem) if d)
        return None, [Diagnostic(naam, regel, kolom, "RR101", _yaml_nl(bericht))]
    except yaml.YAMLError as fout:
        return None, [Diagnostic(naam, 1, 1, "RR101", str(fout))]
    bron = Bron(naam, None)
    if node is None:
        return bron, []
    fouten: list[Diagnostic] = []
    try:
        bron.data = _bouw(node, (), bron, _Loader(""), fouten)
    except yaml.constructor.ConstructorError as fout:
        mark = fout.problem_mark
        regel, kolom = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [Diagnostic(naam, regel, kolom, "RR101", str(fout.problem))]
    return bron, fouten
