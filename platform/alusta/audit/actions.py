"""Every audit action name, in one place (the audit chain stores the value).

An entry is written by the service that makes the change (never by a handler); a new action
gets a member here. Two actions carry a suffix (``tenant.status:<status>``,
``retention.delete:<count>``); request transitions are ``dsr.<state>`` (:meth:`AuditAction.dsr_state`).
"""

from enum import StrEnum


class AuditAction(StrEnum):
    AUDIT_READ = "audit.read"
    AUDIT_EXPORT = "audit.export"  # the filtered entries exported for an auditor (CSV)
    TENANT_SETTINGS_UPDATE = "tenant.settings.update"
    TENANT_MEMBER_PUT = "tenant.member.put"
    TENANT_MEMBER_REMOVE = "tenant.member.remove"
    TENANT_MEMBER_INVITE = "tenant.member.invite"  # a pending invitation (the person has not logged in yet)
    TENANT_MEMBER_INVITE_CANCEL = "tenant.member.invite_cancel"
    TENANT_MEMBER_CLAIM = "tenant.member.claim"  # an invitation became a membership at the person's login
    TENANT_STATUS = "tenant.status"  # + ":<status>"
    REGISTER_CREATE = "register.create"
    REGISTER_UPDATE = "register.update"
    RECORD_CREATE = "record.create"
    RECORD_READ = "record.read"
    RECORD_UPDATE = "record.update"
    RECORD_DELETE = "record.delete"
    RECORD_RESTRICTED = "record.restricted"  # Art. 18
    RECORD_OBJECTED = "record.objected"  # Art. 21(1)
    RECORD_NO_MARKETING = "record.no_marketing"  # Art. 21(2)-(3)
    RECORD_RESTRICTION_LIFTED = "record.restriction_lifted"  # Art. 18(3), after the subject was told
    RECORDS_LIST = "records.list"
    RECORDS_SEARCH = "records.search"
    RECORDS_IMPORT = "records.import"
    RECORDS_EXPORT = "records.export"  # the controller downloads a register (CSV)
    RETENTION_RULE_SET = "retention.rule.set"
    RETENTION_RULE_DELETE = "retention.rule.delete"
    RETENTION_DELETE = "retention.delete"  # + ":<count>"
    DSR_RECEIVED = "dsr.received"
    DSR_FORWARDED = "dsr.forwarded"
    DSR_ACKNOWLEDGED = "dsr.acknowledged"
    DSR_INFO_REQUESTED = "dsr.info_requested"
    DSR_EXTENDED = "dsr.extended"
    DSR_ANSWERED = "dsr.answered"
    DSR_REJECTED = "dsr.rejected"
    DSR_WITHDRAWN = "dsr.withdrawn"
    DSR_READ = "dsr.read"
    DSR_IDENTIFIERS_REVEALED = "dsr.identifiers_revealed"  # a member chose to see the requester's identifiers
    DSR_IDENTITY_VERIFIED = "dsr.identity_verified"
    DSR_ATTACHMENT_READ = "dsr.attachment_read"
    DSR_EXPORT_INSTRUCTED = "dsr.export_instructed"
    DSR_EXPORT_REDACTED = "dsr.export_redacted"
    DSR_EXPORT_COMPILED = "dsr.export_compiled"
    DSR_EXPORT_PREVIEWED = "dsr.export_previewed"
    DSR_ANSWER_DOWNLOADED = "dsr.answer_downloaded"
    DSR_RESTRICTION_LIFT_ANNOUNCED = "dsr.restriction_lift_announced"  # Art. 18(3)

    @classmethod
    def dsr_state(cls, state: str) -> "AuditAction":
        """The action of a request moving to ``state`` (every state has one)."""
        return cls(f"dsr.{state}")

    @classmethod
    def record_flag(cls, flag: str) -> "AuditAction":
        """The action of placing an Art. 18/21 flag on a record."""
        return cls(f"record.{flag}")
