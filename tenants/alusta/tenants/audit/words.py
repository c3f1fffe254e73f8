"""The audit log in words for the workspace (gettext msgids); an action without words shows its code."""

from alusta.i18n import N_

ACTION_NAMES: dict[str, str] = {
    "audit.read": N_("Audit log read"),
    "audit.export": N_("Audit log exported"),
    "tenant.settings.update": N_("Organisation settings changed"),
    "tenant.member.put": N_("Staff role granted or changed"),
    "tenant.member.remove": N_("Staff member removed"),
    "tenant.member.invite": N_("Staff member invited"),
    "tenant.member.invite_cancel": N_("Staff invitation cancelled"),
    "tenant.member.claim": N_("Staff invitation accepted at login"),
    "tenant.status": N_("Organisation status changed"),
    "register.create": N_("Register created"),
    "register.update": N_("Register or privacy notice changed"),
    "record.create": N_("Record created"),
    "record.read": N_("Record read"),
    "record.update": N_("Record changed"),
    "record.delete": N_("Record deleted"),
    "record.restricted": N_("Record restricted (Article 18)"),
    "record.objected": N_("Objection recorded (Article 21(1))"),
    "record.no_marketing": N_("Direct marketing prohibited (Article 21(2))"),
    "record.restriction_lifted": N_("Restriction lifted"),
    "records.list": N_("Records listed"),
    "records.search": N_("Records searched"),
    "records.import": N_("Records imported"),
    "records.export": N_("Records exported"),
    "retention.rule.set": N_("Retention rule set"),
    "retention.rule.delete": N_("Retention rule removed"),
    "retention.delete": N_("Records deleted at the end of retention"),
    "dsr.received": N_("Request received"),
    "dsr.forwarded": N_("Request forwarded to the organisation"),
    "dsr.acknowledged": N_("Request acknowledged"),
    "dsr.info_requested": N_("More information asked for"),
    "dsr.extended": N_("Deadline extended"),
    "dsr.answered": N_("Request answered"),
    "dsr.rejected": N_("Request refused"),
    "dsr.withdrawn": N_("Request withdrawn"),
    "dsr.read": N_("Request read"),
    "dsr.identifiers_revealed": N_("Requester's identifiers shown"),
    "dsr.identity_verified": N_("Requester's identity verified"),
    "dsr.attachment_read": N_("Attachment opened"),
    "dsr.export_instructed": N_("Answer compilation started"),
    "dsr.export_redacted": N_("Answer redacted"),
    "dsr.export_compiled": N_("Answer compiled"),
    "dsr.export_previewed": N_("Answer previewed"),
    "dsr.answer_downloaded": N_("Answer downloaded by the requester"),
    "dsr.restriction_lift_announced": N_("Lifting of a restriction announced"),
}

OBJECT_NAMES: dict[str, str] = {
    "audit": N_("Audit log"),
    "dsr_answer": N_("Answer"),
    "dsr_request": N_("Request"),
    "invitation": N_("Invitation"),
    "member": N_("Staff member"),
    "record": N_("Record"),
    "register": N_("Register"),
    "subject": N_("Data subject"),
    "tenant": N_("Organisation"),
}

ACTOR_ROLE_NAMES: dict[str, str] = {
    "tenant_admin": N_("Administrator"),
    "tenant_handler": N_("Handler"),
    "tenant_viewer": N_("Viewer"),
    "support_desk": N_("Support desk"),
    "platform:operator": N_("Platform operator"),
    "data_subject": N_("Data subject"),
    "platform": N_("The service"),
    "system:retention": N_("The service (retention)"),
}
STAFF_ROLES = frozenset({"tenant_admin", "tenant_handler", "tenant_viewer"})  # actors shown by name


def action_name(code: str) -> str | None:
    """The msgid of an action (a suffixed code by its base), None when it has none."""
    return ACTION_NAMES.get(code) or ACTION_NAMES.get(code.split(":", 1)[0])
