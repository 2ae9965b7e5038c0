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

__all__ = ["alle_schemas"]

_MODELLEN: dict[str, type[BaseModel]] = {
    "casusprofiel": CaseProfile,
    "advies": Advies,
    "regelbestand": RegelBestand,
    "dekking": Dekking,
    "scenarios": ScenarioBestand,
}


def alle_schemas() -> dict[str, dict[str, Any]]:
    uit: dict[str, dict[str, Any]] = {}
    for naam, model in _MODELLEN.items():
        schema = model.model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://regelruimte.nl/schema/{naam}.schema.json"
        uit[naam] = schema
    # Editors get completion for fact names: the profile fields and computed kenmerken.
    feit = uit["regelbestand"]["$defs"]["FeitTest"]["properties"]["feit"]
    feit["examples"] = standaard_vocabulaire().namen()
    return uit
