"""Forms that work without JavaScript (ADR 0060): values and errors for re-display, PRG redirects.

A page's POST handler validates; on errors it renders the same form again (status 400) with a
:class:`FormState` holding the submitted values and one message per field, which the macros in
``web/forms.html`` show as an error summary at the top (linked to the fields) and next to each
field (``aria-describedby``). On success it answers :func:`see_other` (303), so a reload never
repeats the POST. The CSRF token travels as the hidden ``csrf_token`` field.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from litestar.background_tasks import BackgroundTask, BackgroundTasks
from litestar.response import Redirect

from alusta.web.input_guard import FORBIDDEN_TEXT
from alusta.web.problems import Problem
from alusta.web.translations import gettext

MAX_FIELD_CHARS = 10_000  # one text field; longer input is refused, not truncated


@dataclass
class FormState:
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # field name -> message, in page order
    lists: dict[str, list[str]] = field(default_factory=dict)  # every value of a repeated field

    @classmethod
    def of(cls, data: Mapping[str, object]) -> "FormState":
        """The submitted text values (files and the CSRF field are not echoed back).

        A value with control or bidirectional-override characters gets the field's error here,
        for every form: the JSON API refuses them in the input guard (issue 17 point 4), and a
        page must not store what the API refuses.
        """
        state = cls()
        for name, value in data.items():
            items = value if isinstance(value, list) else [value]
            texts = [item for item in items if isinstance(item, str)]
            if name == "csrf_token" or not texts:
                continue
            if any(len(item) > MAX_FIELD_CHARS for item in texts):
                raise Problem(413, "payload_too_large", f"field {name} is too long")
            if any(FORBIDDEN_TEXT.search(item) for item in texts):  # as the input guard refuses in JSON
                state.error(name, gettext("The text contains control characters that are not allowed."))
            state.values[name] = texts[0]
            state.lists[name] = texts
        return state

    def chosen(self, name: str) -> list[str]:
        """Every value submitted for a radio group or checkboxes (for ``checked``)."""
        return self.lists.get(name, [])

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    @property
    def ok(self) -> bool:
        return not self.errors


def see_other(path: str, background: BackgroundTask | BackgroundTasks | None = None) -> Redirect:
    """POST → redirect → GET: 303 (Litestar's default 302 would let some clients re-POST).

    ``background`` runs after the response, once the request's unit of work has committed.
    """
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError("redirects stay on this site")
    return Redirect(path=path, status_code=303, background=background)
