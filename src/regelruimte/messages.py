"""Dutch reasons for pydantic's validation errors.

pydantic explains an error in English (``err["msg"]``); the interface is Dutch. Every error
type a user can meet in a case profile, a rule file, ``dekking.yaml`` or a scenario file has a
Dutch reason here (tests/test_hostile.py fuzzes each model to keep it so); any other type gets
a generic Dutch reason, never pydantic's text.

``met_waarde`` adds the refused value, shortened: right for rule and scenario files (the
author's own text), wrong for a case profile (personal data: a profile error names the field
and the reason only).
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic_core import ErrorDetails
from pydantic_core.core_schema import ErrorType

__all__ = ["VERTAALD", "kort", "reden"]

_DATUM = "geen geldige datum; gebruik JJJJ-MM-DD (bv. 2015-02-28)"
_GETAL = "verwacht een geheel getal"
_MAPPING = "verwacht een mapping (sleutel: waarde)"

_VAST: dict[str, str] = {
    "missing": "verplicht veld ontbreekt",
    "extra_forbidden": "onbekend veld",
    "invalid_key": "een sleutel moet tekst zijn",
    "model_type": _MAPPING,
    "model_attributes_type": _MAPPING,
    "dict_type": _MAPPING,
    "mapping_type": _MAPPING,
    "list_type": "verwacht een lijst",
    "iterable_type": "verwacht een lijst",
    "iteration_error": "de lijst kan niet worden gelezen",
    "set_item_not_hashable": "een lijst of mapping in een lijst van keuzes",
    "string_type": "verwacht tekst",
    "string_unicode": "verwacht tekst (geldige Unicode)",
    "bool_type": "verwacht true of false",
    "bool_parsing": "verwacht true of false",
    "int_type": _GETAL,
    "int_parsing": _GETAL,
    "int_parsing_size": _GETAL + " (dit getal is te lang)",
    "int_from_float": _GETAL + ", zonder cijfers achter de komma",
    "float_type": "verwacht een getal",
    "float_parsing": "verwacht een getal",
    "finite_number": "verwacht een eindig getal",
    "date_type": _DATUM,
    "date_parsing": _DATUM,
    "date_from_datetime_parsing": _DATUM,
    "date_from_datetime_inexact": _DATUM + ", zonder tijd",
    "datum_vorm": _DATUM,
    "recursion_loop": "de waarde bevat zichzelf",
    "recursion_depth_exceeded": "te diep genest",
    "frozen_instance": "het casusprofiel kan niet worden gewijzigd",
    "frozen_field": "dit veld kan niet worden gewijzigd",
}


#: pydantic's own error types; any other type is one of ours (PydanticCustomError), whose
#: message is already Dutch
_PYDANTIC = frozenset(get_args(ErrorType))


#: error types whose reason quotes one value of the error's context: (template, ctx key)
_MET_CTX: dict[str, tuple[str, str]] = {
    "greater_than_equal": ("moet minstens {} zijn", "ge"),
    "greater_than": ("moet groter zijn dan {}", "gt"),
    "less_than_equal": ("mag hoogstens {} zijn", "le"),
    "less_than": ("moet kleiner zijn dan {}", "lt"),
    "string_too_short": ("tekst van minstens {} tekens verwacht", "min_length"),
    "string_too_long": ("tekst van hoogstens {} tekens verwacht", "max_length"),
    "too_short": ("lijst met minstens {} element(en) verwacht", "min_length"),
    "too_long": ("lijst met hoogstens {} elementen verwacht", "max_length"),
    "string_pattern_mismatch": ("past niet in het patroon {}", "pattern"),
    "value_error": ("{}", "error"),  # our own validators: Dutch, without a value
    "assertion_error": ("{}", "error"),
}
_KEUZE = ("enum", "literal_error")


def _met_ctx(soort: str, ctx: dict[str, Any]) -> str | None:
    if soort in _KEUZE:
        return f"ongeldige waarde; toegestaan: {str(ctx.get('expected', '')).replace(' or ', ', ')}"
    if soort in _MET_CTX:
        sjabloon, sleutel = _MET_CTX[soort]
        return sjabloon.format(ctx.get(sleutel, "?"))
    return None


#: the error types with a reason of their own
VERTAALD = frozenset(_VAST) | frozenset(_MET_CTX) | frozenset(_KEUZE)


def kort(waarde: Any, lengte: int = 60) -> str:
    """``repr`` of a value, shortened to about ``lengte`` characters."""
    tekst = repr(waarde)
    return tekst if len(tekst) <= lengte else tekst[: lengte - 1] + "…"


def reden(err: ErrorDetails, *, met_waarde: bool = False) -> str:
    """The Dutch reason for one pydantic error."""
    soort = err["type"]
    if soort not in _PYDANTIC and soort not in _VAST:
        tekst = err["msg"]
    else:
        tekst = _VAST.get(soort) or _met_ctx(soort, dict(err.get("ctx") or {})) or "ongeldige waarde"
    if met_waarde and soort not in ("missing", "extra_forbidden") and "input" in err:
        tekst += f" (waarde: {kort(err['input'])})"
    return tekst
