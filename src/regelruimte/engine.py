"""The engine: load and compile a rule base once, then evaluate many case profiles.

``Engine`` is safe to share between threads: the compiled rule base is read-only, each
evaluation gets its own engine state, and nothing about a case outlives its evaluation.
Nothing is logged or stored (case profiles are personal data).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .advies import Advies
from .backends import Backend, Uitkomst, kies_backend
from .compile import Regelbank, compileer
from .compiler.limits import check_rule_base
from .diagnostics import Diagnostic, Ernst, RegelbankFout
from .encode import Feiten, codeer
from .explain import leg_uit
from .ir import Programma
from .limits import MAX_PEILDATUM
from .load import laad_map
from .profile import CaseProfile, ProfielFout, Veldfout, laad_profiel, te_late_peildatum
from .samenvatting import vat_samen
from .semantics import CompiledEvaluator, Slots
from .vermoedens import markeer, vermoed
from .vocabulary import Vocabulaire, standaard_vocabulaire

log = logging.getLogger("regelruimte.engine")

__all__ = ["BuitenDekking", "Engine", "bevries_opgewarmd", "standaard_regels"]


def _versie() -> str:
    from . import __version__

    return __version__


class BuitenDekking(ValueError):
    """The rule base gives no answer on this peildatum (the laws were not yet in force)."""

    def __init__(self, peildatum: dt.date, vanaf: dt.date, toelichting: str, *, wat: str = "Peildatum") -> None:
        self.peildatum = peildatum
        self.vanaf = vanaf
        self.wat = wat
        super().__init__(
            f"{wat} {peildatum.isoformat()} valt buiten de dekking van de regelbank: de regels "
            f"geven antwoord vanaf {vanaf.isoformat()}. {toelichting.strip()}"
        )


def standaard_regels() -> Path:
    """The bundled rule directory (``REGELRUIMTE_REGELS`` overrides it)."""
    if omgeving := os.environ.get("REGELRUIMTE_REGELS"):
        return Path(omgeving)
    pakket = Path(__file__).resolve().parent
    for kandidaat in (pakket / "_rules", pakket.parent.parent / "rules"):
        if (kandidaat / "dekking.yaml").is_file():
            return kandidaat
    raise FileNotFoundError(
        "geen gebundelde regels gevonden; geef een regelmap op (Engine.from_directory)")


class Engine:
    """Evaluate case profiles against a compiled rule base.

    ``backend``: ``"durable"``, ``"referentie"``, ``"auto"`` or a backend object; None (the
    default) reads ``REGELRUIMTE_BACKEND``, else ``auto``: durable-rules where it loads, else
    the reference evaluator, which is then named in every advice's ``ontvangst``.

    ``vermoedens`` (default true) applies the rule base's declared presumptions, as a
    caseworker would; false gives the strict three-valued answer, in which every fact the
    profile does not give stays unknown. ``evaluate`` can override it per case.
    """

    def __init__(self, bank: Regelbank, *, backend: str | Backend | None = None,
                 vocab: Vocabulaire | None = None, vermoedens: bool = True) -> None:
        self.bank = bank
        self.vocab = vocab or standaard_vocabulaire()
        self.vermoedens = vermoedens
        self.terugval: str | None = None  # the notice when ``auto`` fell back to the reference
        self._knopen = CompiledEvaluator()  # every node's value for the explanation (see knoopwaarden)
        if backend is None or isinstance(backend, str):
            self.backend, self.terugval = kies_backend(backend)
        else:
            self.backend = backend
        if not bank.plan_checked and self.backend.naam not in _ZONDER_GRENZEN:
            _controleer_grenzen(bank)

    @classmethod
    def from_directory(cls, path: str | Path, *, backend: str | Backend | None = None,
                       vermoedens: bool = True, cache: bool = False) -> Engine:
        """Load, check and compile the rule files under ``path``.

        ``cache``: take the compiled rule base from the cache on disk when the rule files, the
        program and Python are the same as when it was stored, and store it otherwise
        (:mod:`regelruimte.regelcache`; rules only, never a case). ``REGELRUIMTE_CACHE=uit``
        turns it off whatever is passed here.
        Raises :class:`~regelruimte.diagnostics.RegelbankFout` listing every error.
        """
        if backend is None or isinstance(backend, str):
            gekozen, terugval = kies_backend(backend)
        else:
            gekozen, terugval = backend, None
        # durable-rules' limits only bind the backend that runs on it: the others do not
        # build its plan for every epoch (the check comes when a durable Engine gets the bank)
        bank, _ = _compileer(Path(path), plan_check=gekozen.naam not in _ZONDER_GRENZEN, cache=cache)
        engine = cls(bank, backend=gekozen, vermoedens=vermoedens)
        engine.terugval = terugval
        return engine

    @classmethod
    def standaard(cls, *, backend: str | Backend | None = None, vermoedens: bool = True) -> Engine:
        """An engine on the bundled rules."""
        return cls.from_directory(standaard_regels(), backend=backend, vermoedens=vermoedens)

    default = standaard

    @property
    def waarschuwingen(self) -> list[Diagnostic]:
        return list(self.bank.waarschuwingen)

    def evaluate(self, profile: CaseProfile | Mapping[str, Any], peildatum: dt.date | None = None,
                 *, alles: bool = False, vermoedens: bool | None = None,
                 wetdatum: dt.date | None = None, trace: bool = True) -> Advies:
        """Evaluate one case on ``peildatum`` (else the profile's, else today).

        ``alles`` also lists routes, maatwerk and signals that do not apply. ``vermoedens``
        (default: the engine's setting) false gives the strict answer, without presumptions;
        ``ontvangst.streng`` says which one this is.
        ``wetdatum`` (default: the peildatum) is the date of the law applied: it selects the
        rule versions (the epoch) and pins the citations, while ages and date measures of the
        person stay those on the peildatum. So ``wetdatum=2027-01-01`` asks "this young person
        as they are on the peildatum, under the law of 2027-01-01".
        ``trace=False`` leaves the trace empty (about a third of the explanation's cost, except
        in a case where a presumption applies; everything else is the same), for callers that
        do not show it, such as the batch.
        Raises :class:`BuitenDekking` for a law date the rules do not cover and
        :class:`~regelruimte.profile.ProfielFout` for an invalid profile or a peildatum
        after :data:`~regelruimte.limits.MAX_PEILDATUM`.
        """
        aan = self.vermoedens if vermoedens is None else vermoedens
        profiel, programma, feiten, uitkomst = self._draai(profile, peildatum, aan, wetdatum)
        uitkomst = self.knoopwaarden(programma, feiten, uitkomst)
        wet = wetdatum or feiten.peildatum
        # The explanation reads Feiten.peildatum only for the law side (epoch templates,
        # citations, the gecontroleerd_tot warning), so it gets the law's date there.
        wetfeiten = feiten if wet == feiten.peildatum else dataclasses.replace(feiten, peildatum=wet)
        # The presumption markers are read from the trace: a case with a presumption applied
        # builds it anyway, and leaves it out afterwards when it was not asked for.
        met_trace = trace or bool(aan and wetfeiten.vermoed)
        advies = leg_uit(self.bank, programma, wetfeiten, uitkomst, self.vocab, profiel,
                         versie=_versie(), backend=self.backend.naam, alles=alles, trace=met_trace,
                         wetdatum_apart=wetfeiten is not feiten)
        advies = markeer(advies, self.bank, wetfeiten, streng=not aan)
        if not trace and advies.trace:
            advies = advies.model_copy(update={"trace": []})
        # the core and the question order read the presumption marks, so they come after them
        advies = vat_samen(advies)
        ontvangst = advies.ontvangst
        if wetfeiten is not feiten:
            ontvangst = ontvangst.model_copy(update={"peildatum": feiten.peildatum, "wetdatum": wet})
        if self.terugval is not None:
            ontvangst = ontvangst.model_copy(update={"waarschuwingen": [*ontvangst.waarschuwingen, self.terugval]})
        return advies if ontvangst is advies.ontvangst else advies.model_copy(update={"ontvangst": ontvangst})

    def knoopwaarden(self, programma: Programma, feiten: Feiten, uitkomst: Uitkomst) -> Uitkomst:
        """``uitkomst`` with the value of every node of the program, which the explanation reads
        instead of evaluating the sub-expressions one by one in Python. ``snel`` hands them over
        itself; for durable-rules the compiled evaluator computes them, and they are used only
        when it decides every rule exactly as durable-rules did (else the explanation evaluates
        as before, and a warning names the rules that differ: never a fact or a value, as a
        log line may not carry personal data). The reference evaluator keeps the explanation's
        own evaluation: it is the oracle the other backends, and this shortcut, are held equal to."""
        if uitkomst.waarden is not None or self.backend.naam == "referentie":
            return uitkomst
        gecompileerd = self._knopen.compiled(programma)
        waarden = gecompileerd.run(feiten)
        beslist = {regel_id: waarden[slot] == 2 for regel_id, slot in gecompileerd.rules if waarden[slot] != 1}
        if beslist != uitkomst.regels:
            verschil = sorted(r for r in beslist.keys() | uitkomst.regels.keys()
                              if beslist.get(r) != uitkomst.regels.get(r))
            log.warning("%s en de gecompileerde evaluator beslissen %d regel(s) anders (%s; epoch %s); "
                        "de uitleg rekent zelf. Meld dit: de backends horen gelijk te zijn.",
                        self.backend.naam, len(verschil), ", ".join(verschil[:10]), programma.key)
            return uitkomst
        return dataclasses.replace(uitkomst, waarden=Slots(gecompileerd.index, waarden))

    def regeluitkomsten(self, profile: CaseProfile | Mapping[str, Any], peildatum: dt.date | None = None,
                        *, vermoedens: bool | None = None,
                        wetdatum: dt.date | None = None) -> dict[str, bool | None]:
        """Every active rule's outcome (None = unknown); for scenario tests and debugging."""
        aan = self.vermoedens if vermoedens is None else vermoedens
        _, programma, _, uitkomst = self._draai(profile, peildatum, aan, wetdatum)
        return {r.id: uitkomst.regels.get(r.id) for r in programma.regels}

    def _draai(self, profile: CaseProfile | Mapping[str, Any], peildatum: dt.date | None, vermoedens: bool,
               wetdatum: dt.date | None = None) -> tuple[CaseProfile, Programma, Feiten, Uitkomst]:
        if isinstance(profile, Mapping):
            profile = laad_profiel(dict(profile))
        elif not isinstance(profile, CaseProfile):
            raise ProfielFout([("", "een casusprofiel moet een CaseProfile of een mapping (veld: waarde) zijn")])
        datum = peildatum or profile.peildatum or dt.date.today()
        if not isinstance(datum, dt.date) or isinstance(datum, dt.datetime):
            raise ProfielFout([Veldfout("peildatum", "geen datum (een datetime.date zonder tijd)", datum)])
        if datum > MAX_PEILDATUM:
            raise ProfielFout([Veldfout("peildatum", te_late_peildatum(), datum)])
        if wetdatum is not None and (not isinstance(wetdatum, dt.date) or isinstance(wetdatum, dt.datetime)):
            raise TypeError("wetdatum moet een datetime.date zijn (zonder tijd)")
        wet = wetdatum or datum
        dekking = self.bank.dekking
        if wet < dekking.vanaf:
            raise BuitenDekking(wet, dekking.vanaf, dekking.toelichting,
                                wat="Wetdatum" if wetdatum else "Peildatum")
        profile.met_peildatum(datum)
        programma = self.bank.programma(wet)
        feiten = codeer(profile, datum, self.vocab)
        if vermoedens:
            feiten = vermoed(self.bank.vermoedens, feiten)
        return profile, programma, feiten, self.backend.evalueer(programma, feiten)


#: the backends in pure Python, which have none of durable-rules' limits (RR4xx)
_ZONDER_GRENZEN = frozenset({"referentie", "snel"})


def _compileer(pad: Path, *, plan_check: bool = True, cache: bool = False) -> tuple[Regelbank, list[Diagnostic]]:
    if cache:
        from .regelcache import cache_uit, gecachet

        if not cache_uit():
            return gecachet(pad, lambda: _compileer(pad, plan_check=plan_check), plan_check=plan_check)
    geladen = laad_map(pad)
    bank, diags = compileer(geladen, plan_check=plan_check)
    if bank is None or any(d.ernst is Ernst.fout for d in diags):
        raise RegelbankFout(diags)
    return bank, diags


def bevries_opgewarmd() -> None:
    """For a long-running process (the HTTP service, a batch worker) once its engine is built:
    collect once, then move every object alive now (the compiled rules, the modules) out of
    the garbage collector's sight (``gc.freeze``). They stay for the life of the process, and
    a full collection no longer walks them each time (up to 124 ms CPU with the rule base in view)."""
    gc.collect()
    gc.freeze()


def _controleer_grenzen(bank: Regelbank) -> None:
    """Refuse, before the first case, a rule base past durable-rules' limits (RR4xx) that was
    compiled for another backend."""
    fouten = check_rule_base(bank)
    if fouten:
        raise RegelbankFout(fouten)
    bank.plan_checked = True
