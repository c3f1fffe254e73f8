"""Input refused before any handler or decoder sees it (ground rule 5: bad input is a clear 4xx).

One ``before_request`` hook for every route, run after the guards (so only an authorised caller
makes the body be read) and before Litestar decodes the body:

- a JSON body nested deeper than :data:`MAX_JSON_DEPTH` is refused with 400 *before* it is
  parsed (a recursive decoder would otherwise exhaust the stack: ``RecursionError`` → 500);
- a route that takes a JSON body refuses any other content type with 415 (JSON sent as
  ``text/plain`` is not JSON to this API);
- an integer path parameter outside the database's 64-bit range names nothing: 404 (the
  database would otherwise fail on it: 500);
- control characters (C0 except tab, line feed and carriage return; DEL; C1) and the Unicode
  bidirectional embedding/override/isolate characters (U+202A-U+202E, U+2066-U+2069, the
  "Trojan Source" characters) are refused in every string of a JSON body and of the query, with
  the field named, so a name can never hide or reorder what a person reads.

The messages name the field and the rule, never the value (it may be personal data).
"""

import json
import re
from typing import Any

from litestar import Request
from litestar.enums import RequestEncodingType
from litestar.params import BodyKwarg

from alusta.web.problems import Problem

MAX_JSON_DEPTH = 32  # the deepest body of the API (a register definition) nests 5 levels
FORBIDDEN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
MAX_ID = 2**63 - 1  # BIGINT
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def json_depth_exceeds(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON text nests arrays/objects deeper than ``limit``, without parsing it.

    Strings are blanked first (a bracket inside a string does not nest), then only the brackets
    are walked: linear in the body, and cheap for bodies that are mostly data.
    """
    brackets = _STRING.sub(b'""', body).translate(None, _NOT_BRACKET)
    if len(brackets) <= limit:
        return False
    depth = 0
    for byte in brackets:
        if byte in b"[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def forbidden_text_path(document: Any, path: str = "") -> str | None:
    """The path (``values.name``, ``recipients[0].name``) of the first bad string or key, or None."""
    if isinstance(document, str):
        return (path or "$") if FORBIDDEN_TEXT.search(document) else None
    if isinstance(document, dict):
        for key, value in document.items():
            child = f"{path}.{key}" if path else str(key)
            if FORBIDDEN_TEXT.search(str(key)):
                return path or "$"
            found = forbidden_text_path(value, child)
            if found is not None:
                return found
    if isinstance(document, list):
        for index, value in enumerate(document):
            found = forbidden_text_path(value, f"{path}[{index}]")
            if found is not None:
                return found
    return None


def _forbidden_characters(field: str, source: str) -> Problem:
    return Problem(
        400,
        "forbidden_characters",
        f"{field}: control or bidirectional-override characters are not allowed",
        errors=[{"key": field, "source": source, "message": "control or bidirectional-override characters"}],
    )


def is_json_media_type(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def _takes_json_body(request: Request[Any, Any, Any]) -> bool:
    parameter = request.route_handler.parsed_fn_signature.parameters.get("data")
    if parameter is None:
        return False
    kwarg = parameter.kwarg_definition
    media_type = kwarg.media_type if isinstance(kwarg, BodyKwarg) else RequestEncodingType.JSON
    return media_type == RequestEncodingType.JSON


def _check_query(request: Request[Any, Any, Any]) -> None:
    for name, value in request.query_params.multi_items():
        if FORBIDDEN_TEXT.search(name) or FORBIDDEN_TEXT.search(value):
            raise _forbidden_characters(name, "query")


async def guard_input(request: Request[Any, Any, Any]) -> None:
    """The ``before_request`` hook of the app (see the module docstring)."""
    if any(isinstance(v, int) and not -MAX_ID <= v <= MAX_ID for v in request.path_params.values()):
        raise Problem(404, "not_found", "no such resource")
    _check_query(request)
    if request.method not in _BODY_METHODS:
        return
    content_type = request.headers.get("content-type", "")
    is_json = is_json_media_type(content_type)
    if not is_json and not _takes_json_body(request):
        return
    body = await request.body()
    if not body:
        return  # a missing body is the route's to refuse
    if not is_json:
        raise Problem(415, "unsupported_media_type", "send application/json")
    if json_depth_exceeds(body):
        raise Problem(400, "json_too_deep", f"JSON may nest at most {MAX_JSON_DEPTH} levels")
    try:
        document = json.loads(body)
    except ValueError:
        return  # malformed JSON: the decoder of the route reports it (400)
    field = forbidden_text_path(document)
    if field is not None:
        raise _forbidden_characters(field, "body")
