"""The audit log page's view: filters read from the query, entries in words, the chain's status.

Filters are ids, action codes, object types and dates (no personal data in a URL); the period is
in Helsinki days (``to`` inclusive). The chain status is the verification the API's ``/verify``
runs, now; beside it the latest signed checkpoint of this tenant when the service can read the
checkpoint file and its key (the web service never signs; ADR 0023).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from alusta.audit import checkpoints
from alusta.audit.models import AuditEntry
from alusta.audit.service import verify_chain
from alusta.auth.identity import IdentityVault
from alusta.calendar.periods import HELSINKI
from alusta.settings import Settings
from alusta.tenants.audit.service import AuditFilter
from alusta.tenants.audit.words import ACTION_NAMES, OBJECT_NAMES, STAFF_ROLES
from alusta.tenants.tenancy.context import TenantContext
from alusta.web.forms import FormState
from alusta.web.translations import gettext

FILTER_FIELDS = ("actor", "action", "object", "from", "to")


@dataclass(frozen=True)
class ChainView:
    ok: bool
    entries: int
    broken_at: int | None
    checked_at: datetime
    checkpoint_at: datetime | None = None
    checkpoint_seq: int | None = None
    checkpoint_unreadable: bool = False  # the file is there but does not verify (tampered)


def _day(form: FormState, name: str) -> date | None:
    value = form.values.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        form.error(name, gettext("Enter the date as year-month-day, for example 2026-01-31."))
        return None


def read_filter(query: Mapping[str, str]) -> tuple[FormState, AuditFilter]:
    """The GET form's values; unknown codes and malformed ids or dates are errors on the form."""
    form = FormState.of({name: query[name] for name in FILTER_FIELDS if name in query})
    actor_text = form.values.get("actor", "").strip()
    actor = int(actor_text) if actor_text.isdigit() and len(actor_text) <= 16 else None
    if actor_text and actor is None:
        form.error("actor", gettext("Choose the actor from the list."))
    action = form.values.get("action") or None
    if action is not None and action not in ACTION_NAMES:
        form.error("action", gettext("Choose the action from the list."))
    object_type = form.values.get("object") or None
    if object_type is not None and object_type not in OBJECT_NAMES:
        form.error("object", gettext("Choose the object type from the list."))
    start, end = _day(form, "from"), _day(form, "to")
    if start and end and end < start:
        form.error("to", gettext("The end of the period is before its start."))
    wanted = AuditFilter(
        actor=actor,
        action=action,
        object_type=object_type,
        start=datetime.combine(start, time(0), HELSINKI) if start else None,
        end=datetime.combine(end + timedelta(days=1), time(0), HELSINKI) if end else None,
    )
    return form, wanted


def query_string(form: FormState, **extra: int | None) -> str:
    """The filters (and e.g. ``before``) as a query string for links (only ids, codes and dates)."""
    pairs = [(name, form.values[name]) for name in FILTER_FIELDS if form.values.get(name)]
    pairs += [(name, str(value)) for name, value in extra.items() if value is not None]
    return urlencode(pairs)


def actor_names(entries: list[AuditEntry], names: Mapping[int, str]) -> dict[int, str]:
    """Names of the staff among the actors (subjects and processor staff show by role only)."""
    return {
        e.actor_id: names[e.actor_id]
        for e in entries
        if e.actor_id is not None and e.actor_id in names and e.actor_role in STAFF_ROLES
    }


async def staff_names(ctx: TenantContext, vault: IdentityVault, entries: list[AuditEntry]) -> dict[int, str]:
    ids = {e.actor_id for e in entries if e.actor_id is not None and e.actor_role in STAFF_ROLES}
    return actor_names(entries, await vault.names(ctx.session, ids))


def _latest_checkpoint(settings: Settings, tenant_id: int) -> tuple[checkpoints.Checkpoint | None, bool]:
    key_path, sink = settings.audit_checkpoint_key, settings.audit_checkpoint_file
    if key_path is None or sink is None or not key_path.exists():
        return None, False
    try:
        key = checkpoints.load_key(key_path, require_private_mode=settings.is_production)
        return checkpoints.latest(sink, key.public_key()).get(tenant_id), False
    except checkpoints.CheckpointError:
        return None, True


async def chain_view(ctx: TenantContext, settings: Settings, now: datetime) -> ChainView:
    result = await verify_chain(ctx.session)
    checkpoint, unreadable = _latest_checkpoint(settings, ctx.tenant_id)
    at = datetime.fromisoformat(checkpoint.at) if checkpoint is not None else None
    seq = checkpoint.seq if checkpoint is not None else None
    return ChainView(result.ok, result.entries, result.broken_at, now, at, seq, unreadable)
