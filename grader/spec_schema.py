"""The schema of ``spec.toml`` (docs/spec.md), and errors that name the file, the key and what is allowed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema

_NUMBER = {"type": "number"}
_NAMES = {"type": "array", "items": {"type": "string"}}
_TOLERANCE = {"type": "object", "properties": {"rtol": _NUMBER, "atol": _NUMBER}, "additionalProperties": False}
_LAYOUT: dict[str, Any] = {"oneOf": [{"type": "string"},
                                     {"type": "array", "items": {"$ref": "#/$defs/layout"}}]}
_PUBLIC = {
    "type": "object",
    "properties": {"label": {"type": "string"}, "args": {"type": "array"}, "test_case": {"type": "string"},
                   "extra_args": {"type": "array"}, "generator": {"type": "string"},
                   "substitute": {"type": "string"}},
    "additionalProperties": False,
}
_FUNCTION = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
        "points": {"type": "number", "minimum": 0},
        "partial_credit": {"type": "boolean"},
        "returns": {"$ref": "#/$defs/layout"},
        "returns_also": {"type": "array", "items": {"type": "array", "items": {"$ref": "#/$defs/layout"}}},
        "graded": _NAMES, "scale_free": _NAMES, "in_place": _NAMES,
        "rtol": {"type": "number", "minimum": 0}, "atol": {"type": "number", "minimum": 0},
        "key_tolerance": {"type": "object", "additionalProperties": _TOLERANCE},
        "uses": {"type": "array", "items": {"type": "string", "pattern": r"^\w+\.\w+$"}},
        "hidden": {"type": "string"},
        "call_timeout": {"type": "number", "exclusiveMinimum": 0},
        "hint": {"type": "string"},
        "semantic": {"type": "object", "required": ["check"],
                     "properties": {"check": {"type": "string"}, "cases": {"type": "string"}},
                     "additionalProperties": False},
        "oracle": {"type": "string"},
        "editions": _NAMES,
        "public": {"type": "array", "items": _PUBLIC},
    },
    "additionalProperties": False,
}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {"layout": _LAYOUT},
    "type": "object",
    "required": ["reference", "functions"],
    "properties": {
        "name": {"type": "string"}, "title": {"type": "string"}, "notebook": {"type": "string"},
        "reference": {"type": "string"}, "helpers": _NAMES, "editions": _NAMES,
        "functions": {"type": "array", "minItems": 1, "items": _FUNCTION},
    },
    "additionalProperties": False,
}


def _where(error: jsonschema.ValidationError) -> str:
    parts = []
    for part in error.absolute_path:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if parts else str(part)))
    return "".join(parts) or "top level"


def _allowed(schema: dict[str, Any]) -> str:
    return ", ".join(sorted(schema.get("properties", {})))


def _message(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"unknown key {', '.join(map(repr, unknown))} (allowed: {_allowed(error.schema)})"
    if error.validator == "required":
        return f"{error.message} (keys: {_allowed(error.schema)})"
    return error.message


def problems(data: dict[str, Any], path: Path) -> list[str]:
    """Every way ``data`` (a parsed spec.toml at ``path``) breaks the schema, as 'path: key: what'."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{path}: {_where(error)}: {_message(error)}" for error in errors]
