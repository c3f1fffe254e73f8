"""The OpenAPI document as served: the problem responses documented once, for every operation.

Every refusal of the API is an RFC 9457 problem (``application/problem+json``,
:mod:`alusta.web.problems`), whichever operation it comes from: the shell refuses (400/503),
guards refuse (401/403/404), the input guard refuses (400/404/415), services refuse
(409/422) and the limits refuse (413/429). Litestar documents only its own validation 400, as
``application/json`` with another shape; here one ``Problem`` schema and one response per status
go into ``components`` and every operation refers to them, so a client (or schemathesis) may
rely on the document for every status the service sends.

The text rule of :mod:`alusta.web.input_guard` (no control or bidirectional-override
characters) is documented too: every free string schema gets its ``pattern``.
"""

from typing import Any

import msgspec
from litestar import Request
from litestar.openapi.plugins import JsonRenderPlugin

from alusta.web.input_guard import FORBIDDEN_TEXT
from alusta.web.problems import PROBLEM_MEDIA_TYPE

PROBLEM_STATUSES: dict[int, str] = {
    400: "The request is malformed: the errors name each field (problem details).",
    401: "Not logged in (problem details).",
    403: "Logged in, but this action is not allowed (problem details).",
    404: "No such resource, or not visible to the caller (problem details).",
    405: "The method is not allowed on this path (problem details).",
    409: "The resource's state does not allow the action (problem details).",
    413: "The body, file or number of rows is too large (problem details).",
    415: "The content type is not accepted (problem details).",
    422: "The values break a rule of the service: the errors name each field (problem details).",
    429: "Too many requests: retry later (problem details).",
    503: "Not ready (schema or database): retry later (problem details).",
}
_MARKER = "x-alusta-problems"

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details; ``detail`` and ``errors`` never quote the input.",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "description": "urn:alusta:problem:<code>"},
        "title": {"type": "string", "description": "In the caller's language (fi, sv, en)."},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "request_id": {"type": ["string", "null"]},
        "errors": {
            "type": "array",
            "items": {"type": "object", "additionalProperties": True},
            "description": "Per field: key/field, source and message (validation), or code.",
        },
    },
    "additionalProperties": True,
}


def _ecma_class(python_class: str) -> str:
    """The Python character class of the text rule, written with ECMA-262 ``uXXXX`` escapes."""
    return "".join(f"\\u{ord(c):04x}" if not c.isascii() or not c.isprintable() else c for c in python_class)


TEXT_PATTERN = "^[^" + _ecma_class(FORBIDDEN_TEXT.pattern[1:-1]) + "]*$"


def _document_text_rule(node: Any) -> None:
    """Add :data:`TEXT_PATTERN` to every string schema that has no pattern, format or enum."""
    if isinstance(node, list):
        for item in node:
            _document_text_rule(item)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    is_string = kind == "string" or (isinstance(kind, list) and "string" in kind)
    if is_string and not {"pattern", "format", "enum", "const"} & node.keys():
        node["pattern"] = TEXT_PATTERN
    for key, value in node.items():
        if key not in {"examples", "default", "example"}:
            _document_text_rule(value)


def _strict_structs() -> set[str]:
    """Names of the msgspec bodies that refuse unknown fields (``forbid_unknown_fields``)."""
    names: set[str] = set()
    pending: list[type[msgspec.Struct]] = [msgspec.Struct]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__struct_config__.forbid_unknown_fields:
            names.add(cls.__name__)
    return names


def _document_strict_bodies(schemas: dict[str, Any]) -> None:
    """A body that refuses unknown fields (400) says so: ``additionalProperties: false``."""
    for name in _strict_structs() & schemas.keys():
        if schemas[name].get("type") == "object":
            schemas[name]["additionalProperties"] = False


def _problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def document_problems(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the problem responses to ``schema`` in place (once) and return it."""
    if schema.get(_MARKER):
        return schema
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    shared = components.setdefault("responses", {})
    for status, description in PROBLEM_STATUSES.items():
        shared[f"Problem{status}"] = _problem_response(description)
    for path_item in schema.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "put", "post", "patch", "delete", "head", "options"}:
                continue
            responses = operation.setdefault("responses", {})
            for status in PROBLEM_STATUSES:
                # Litestar's own 400 (``application/json``, another shape) is replaced.
                responses[str(status)] = {"$ref": f"#/components/responses/Problem{status}"}
    _document_text_rule(schema.get("paths", {}))
    _document_text_rule(components.get("schemas", {}))
    _document_strict_bodies(components.get("schemas", {}))
    schema[_MARKER] = True
    return schema


class ProblemDocumentedJson(JsonRenderPlugin):
    """``/schema/openapi.json`` with :func:`document_problems` applied."""

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        return super().render(request, document_problems(openapi_schema))
