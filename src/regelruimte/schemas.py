"""JSON Schemas generated from the pydantic models (committed under ``schema/``).

Editors use ``regelbestand.schema.json`` to complete and check rule files; other
applications use the profile and advice schemas as the public contract.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .advies import Advies
from .profile import CaseProfile
from .scenario import ScenarioBestand
from .spec import Dekking, RegelBestand
from .vocabulary import standaard_vocabulaire

__all__ = ["alle_schemas", "open_voor_uitbreiding"]

_MODELLEN: dict[str, type[BaseModel]] = {
    "casusprofiel": CaseProfile,
    "advies": Advies,
    "regelbestand": RegelBestand,
    "dekking": Dekking,
    "scenarios": ScenarioBestand,
}


#: Output a client reads: the contract grows by added fields, so its schema must let a client
#: accept fields it does not know yet (the models forbid them only for our own construction).
_UITVOER = {"advies"}


def open_voor_uitbreiding(schema: Any) -> Any:
    """``schema`` without ``additionalProperties: false`` anywhere."""
    if isinstance(schema, dict):
        return {k: open_voor_uitbreiding(v) for k, v in schema.items()
                if not (k == "additionalProperties" and v is False)}
    if isinstance(schema, list):
        return [open_voor_uitbreiding(v) for v in schema]
    return schema


def alle_schemas() -> dict[str, dict[str, Any]]:
    uit: dict[str, dict[str, Any]] = {}
    for naam, model in _MODELLEN.items():
        schema = model.model_json_schema(by_alias=True)
        if naam in _UITVOER:
            schema = open_voor_uitbreiding(schema)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://regelruimte.nl/schema/{naam}.schema.json"
        uit[naam] = schema
    # Editors get completion for fact names: the profile fields and computed kenmerken.
    feit = uit["regelbestand"]["$defs"]["FeitTest"]["properties"]["feit"]
    feit["examples"] = standaard_vocabulaire().namen()
    return uit
