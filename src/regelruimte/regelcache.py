"""A cache on disk of compiled rule bases, so a command does not read and compile the rules
again while neither they nor the program changed.

What is stored: the :class:`~regelruimte.compiler.RuleBase` of a rule directory that compiled
without errors, and its warnings. Rules only: nothing about a case is ever stored here.

The key is a SHA-256 of everything the compiled result depends on: the name and bytes of every
rule file and ``dekking.yaml`` (municipal files included), the directory as given (diagnostics
and the rule base name it), whether durable-rules' limits were checked, the package version, the
Python version and the bytes of the package's own source. Any change gives a new key; nothing is
ever looked up by date or name alone.

A cache file is a pickle, and unpickling a file someone else wrote can run their code. So it
is only read from a directory that belongs to this user and that no one else may enter (0700),
from a regular file that belongs to this user and only they may read or write (0600), after
its SHA-256 checks out, and then with an unpickler that builds nothing but the classes of a
rule base and dates. Anything else (another owner, wider rights, a symlink, a corrupt or
older file) is ignored and the rule base is compiled as if there were no cache; the fresh
result then replaces the file, written to a temporary file first and renamed (atomic).

Where: ``REGELRUIMTE_CACHE_DIR``, else ``$XDG_CACHE_HOME/regelruimte``, else
``~/.cache/regelruimte``. Off: ``REGELRUIMTE_CACHE=uit`` (or ``0``, ``nee``, ``false``, ``off``)
or ``regelruimte --geen-cache``. :meth:`Engine.from_directory` only uses it when asked
(``cache=True``); the command line asks.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .compiler import RuleBase
    from .diagnostics import Diagnostic

__all__ = ["cache_map", "cache_uit", "gecachet", "sleutel"]

#: the first line of every cache file; a new layout gets a new number (old files are then ignored)
KOP = b"regelruimte-regelbank 1\n"
ACHTERVOEGSEL = ".regelbank"
#: cache files kept per directory; the least recently written go first
MAX_BESTANDEN = 8
_UIT = {"0", "uit", "nee", "false", "off", "no"}


def cache_uit() -> bool:
    """Whether the environment switches the cache off (``REGELRUIMTE_CACHE=uit``)."""
    return os.environ.get("REGELRUIMTE_CACHE", "").strip().lower() in _UIT


def cache_map() -> Path:
    """The directory of the cache files (it need not exist yet)."""
    if eigen := os.environ.get("REGELRUIMTE_CACHE_DIR"):
        return Path(eigen)
    basis = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(basis) / "regelruimte"


@cache
def _programmaversie() -> bytes:
    """What identifies this program: versions and the bytes of every module and data file of
    the package, so a changed compiler in a development install never reads a rule base its
    old self wrote."""
    from . import __version__

    pakket = Path(__file__).resolve().parent
    h = hashlib.sha256(f"{__version__}\0{sys.implementation.cache_tag}\0{sys.version}\0".encode())
    for bron in sorted([*pakket.rglob("*.py"), *(pakket / "data").glob("*")]):
        h.update(bron.relative_to(pakket).as_posix().encode() + b"\0" + bron.read_bytes() + b"\0")
    return h.digest()


def inhoud(map_: Path) -> str | None:
    """The SHA-256 of the rule files as :func:`~regelruimte.load.laad_map` computes it
    (:attr:`RuleBase.hash`); None when a file cannot be read or is too large (the loader will
    say why, and a rule base with errors is not cached)."""
    from .limits import REGELBESTAND
    from .load import DEKKING, regelbestanden
    from .source import lees_bestand

    digest = hashlib.sha256()
    dekking = map_ / DEKKING
    for pad in ([dekking] if dekking.exists() else []) + regelbestanden(map_):
        ruw, fouten = lees_bestand(pad, REGELBESTAND)
        if ruw is None or fouten:
            return None
        digest.update(str(pad.relative_to(map_)).encode() + b"\0" + ruw + b"\0")
    return digest.hexdigest()


def sleutel(map_: Path, inhoud_hash: str, *, plan_check: bool) -> str:
    """The cache key of a rule directory with the given content."""
    h = hashlib.sha256(_programmaversie())
    h.update(f"\0{map_}\0{inhoud_hash}\0{int(plan_check)}".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


# --- reading ----------------------------------------------------------------------------


def _eigen_en_besloten(st: os.stat_result) -> bool:
    """Owned by this user, and neither group nor others may read, write or enter it."""
    return st.st_uid == os.getuid() and not st.st_mode & 0o077


def _map_is_veilig(map_: Path) -> bool:
    try:
        st = os.lstat(map_)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and _eigen_en_besloten(st)


#: the modules whose classes make up a compiled rule base (none of them acts on construction)
_MODULES = ("regelruimte.compiler.", "regelruimte.ir", "regelruimte.spec", "regelruimte.source",
            "regelruimte.vocabulary", "regelruimte.diagnostics")


class _Ontpakker(pickle.Unpickler):
    """Builds the classes of a rule base and dates only: no function, no other module."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "datetime" and name == "date":
            return super().find_class(module, name)
        if (module in _MODULES or module.startswith(_MODULES[0])) and "." not in name:
            gevonden = super().find_class(module, name)
            if isinstance(gevonden, type):
                return gevonden
        raise pickle.UnpicklingError(f"niet toegestaan in een regelbank-cache: {module}.{name}")


def lees(map_: Path, naam: str) -> tuple[RuleBase, list[Diagnostic]] | None:
    """The cached rule base under ``naam``, or None (absent, not safe, corrupt, foreign)."""
    from .compiler import RuleBase

    if not hasattr(os, "getuid") or not _map_is_veilig(map_):
        return None
    try:
        fd = os.open(map_ / (naam + ACHTERVOEGSEL), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as bestand:
        st = os.fstat(bestand.fileno())
        if not stat.S_ISREG(st.st_mode) or not _eigen_en_besloten(st):
            return None
        inhoud_ = bestand.read()
    kop, controle, data = inhoud_[:len(KOP)], inhoud_[len(KOP):len(KOP) + 32], inhoud_[len(KOP) + 32:]
    if kop != KOP or hashlib.sha256(data).digest() != controle:
        return None
    try:
        gelezen = _Ontpakker(io.BytesIO(data)).load()
    except Exception:  # whatever is wrong with the file, it is not used
        return None
    if (not isinstance(gelezen, tuple) or len(gelezen) != 3 or gelezen[0] != naam
            or not isinstance(gelezen[1], RuleBase) or not isinstance(gelezen[2], list)):
        return None
    return gelezen[1], gelezen[2]


# --- writing ----------------------------------------------------------------------------


def _maak_map(map_: Path) -> bool:
    """Create the directory private (0700); an existing one must already be private and ours."""
    if not map_.exists():
        try:
            map_.parent.mkdir(parents=True, exist_ok=True)
            os.mkdir(map_, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return False
    return _map_is_veilig(map_)


def schrijf(map_: Path, naam: str, bank: RuleBase, diagnostics: list[Diagnostic]) -> bool:
    """Store a compiled rule base under ``naam``; False (and nothing changed) when that fails."""
    if not hasattr(os, "getuid") or not _maak_map(map_):
        return False
    # The programs per epoch are left out: unpickling all of them costs more than building the
    # one a command uses (the limits of every epoch were checked when the rule base compiled).
    kopie = bank.zonder_programmas()
    try:
        data = pickle.dumps((naam, kopie, diagnostics), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return False
    fd, tijdelijk = tempfile.mkstemp(dir=map_, prefix=".", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as uit:
            uit.write(KOP + hashlib.sha256(data).digest() + data)
        os.replace(tijdelijk, map_ / (naam + ACHTERVOEGSEL))
    except OSError:
        Path(tijdelijk).unlink(missing_ok=True)
        return False
    _ruim_op(map_)
    return True


def _ruim_op(map_: Path) -> None:
    """Keep the :data:`MAX_BESTANDEN` most recently written cache files."""
    try:
        bestanden = sorted(map_.glob("*" + ACHTERVOEGSEL), key=lambda p: p.stat().st_mtime, reverse=True)
        for oud in bestanden[MAX_BESTANDEN:]:
            oud.unlink(missing_ok=True)
    except OSError:
        pass


# --- both -------------------------------------------------------------------------------


def gecachet(map_: Path, compileer: Callable[[], tuple[RuleBase, list[Diagnostic]]], *,
             plan_check: bool) -> tuple[RuleBase, list[Diagnostic]]:
    """The rule base of ``map_`` from the cache, else from ``compileer()`` (which raises on
    errors, so a rule base with errors is never stored), stored for the next time."""
    inhoud_hash = inhoud(map_)
    if inhoud_hash is None:
        return compileer()
    naam = sleutel(map_, inhoud_hash, plan_check=plan_check)
    plek = cache_map()
    gevonden = lees(plek, naam)
    if gevonden is not None:
        return gevonden
    bank, diagnostics = compileer()
    # only what was compiled from the very bytes the key was made of (a file may change meanwhile)
    if bank.hash == inhoud_hash:
        schrijf(plek, naam, bank, diagnostics)
    return bank, diagnostics
