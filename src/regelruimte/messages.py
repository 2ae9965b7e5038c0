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


def _getal(waarde: Any) -> str:
    return str(waarde)


def _met_ctx(soort: str, ctx: dict[str, Any]) -> str | None:
    if soort == "greater_than_equal":
        return f"moet minstens {_getal(ctx.get('ge'))} zijn"
    if soort == "greater_than":
        return f"moet groter zijn dan {_getal(ctx.get('gt'))}"
    if soort == "less_than_equal":
        return f"mag hoogstens {_getal(ctx.get('le'))} zijn"
    if soort == "less_than":
        return f"moet kleiner zijn dan {_getal(ctx.get('lt'))}"
    if soort == "string_too_short":
        return f"tekst van minstens {ctx.get('min_length')} tekens verwacht"
    if soort == "string_too_long":
        return f"tekst van hoogstens {ctx.get('max_length')} tekens verwacht"
    if soort == "too_short":
        return f"lijst met minstens {ctx.get('min_length')} element(en) verwacht"
    if soort == "too_long":
        return f"lijst met hoogstens {ctx.get('max_length')} elementen verwacht"
    if soort in ("enum", "literal_error"):
        return f"ongeldige waarde; toegestaan: {str(ctx.get('expected', '')).replace(' or ', ', ')}"
    if soort == "string_pattern_mismatch":
        return f"past niet in het patroon {ctx.get('pattern')}"
    if soort == "value_error":
        return str(ctx.get("error", "ongeldige waarde"))
    if soort == "assertion_error":
        return str(ctx.get("error", "ongeldige waarde"))
    return None


#: the error types with a reason of their own
VERTAALD = frozenset(_VAST) | {
    "greater_than_equal", "greater_than", "less_than_equal", "less_than", "string_too_short",
    "string_too_long", "too_short", "too_long", "enum", "literal_error", "string_pattern_mismatch",
    "value_error", "assertion_error",
}


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
