"""Titles of problem types (RFC 9457 ``title``: a short, human-readable summary of the type).

One gettext message per problem code a person can meet (translated with ``alusta.i18n.localise``
in the caller's language, ADR 0060). The ``detail`` member may add technical specifics (a field
name); the title is what a person reads first. Codes without an entry fall back to the title of
their HTTP status (``alusta.i18n.MESSAGES``).
"""

from alusta.i18n import N_

PROBLEM_TITLES: dict[str, str] = {
    "metrics_token_required": N_("The metrics require a valid bearer token."),
    "malformed_file": N_("The file could not be read."),
    "too_many_rows": N_("The file has too many rows."),
    "too_large": N_("The file is too large."),
    "import_rejected": N_("The import was rejected; nothing was stored."),
    "unknown_field": N_("Unknown field."),
    "required": N_("A required value is missing."),
    "invalid_value": N_("Invalid value."),
    "invalid_values": N_("Invalid values."),
    "values_required": N_("Values are missing."),
    "invalid_hetu": N_("Invalid personal identity code."),
    "invalid_register": N_("The register definition is not valid."),
    "invalid_retention_rule": N_("The retention period is outside the allowed range."),
    "tenant_suspended": N_("The controller's use of the platform is suspended."),
    "tenant_offboarding": N_("The controller is leaving the platform: data can only be read."),
    "record_restricted": N_("Processing of this record is restricted: it cannot be changed or deleted."),
    "last_admin": N_("The controller's last administrator cannot be removed."),
    "processor_identity": N_("The processor's staff cannot be given a role at a controller."),
    "unsupported_media_type": N_("This content type is not supported."),
    "csrf_failed": N_("The form check token was missing or wrong. Reload the page."),
    "not_logged_in": N_("Please log in first."),
    "strong_login_required": N_("This requires strong authentication."),
    "loa_insufficient": N_("The controller requires a high level of assurance. Please log in again."),
    "unknown_controller": N_("No such controller on the platform."),
    "unknown_register": N_("The controller has no such register."),
    "register_needs_one_controller": N_("A register can be named only when the request goes to one controller."),
    "received_in_future": N_("The time of receipt cannot be in the future."),
    "received_too_old": N_("The time of receipt is more than 60 days ago."),
    "request_closed": N_("The request is already closed."),
    "transition_refused": N_("The request cannot move to this state."),
    "extension_refused": N_("The deadline cannot be extended (once only, with reasons, within the first month)."),
    "reasons_required": N_("Reasons are required."),
    "identity_not_verified": N_("The requester's identity has not been verified yet."),
    "wrong_answer_type": N_("This kind of answer does not fit the request type."),
    "not_reviewable": N_("The answer can no longer be reviewed."),
    "not_a_refusal": N_("This is not a refusal reason."),
    "link_expired": N_("The download link has expired."),
    "attachment_empty": N_("The attachment is empty."),
    "attachment_too_large": N_("The attachment is too large."),
    "attachment_type": N_("Allowed attachments are PDF, PNG, JPEG and plain text."),
    "attachment_type_mismatch": N_("The attachment's declared type does not match its content."),
    "attachment_extension": N_("The file name extension does not match the content."),
    "too_many_attachments": N_("The request already has the maximum number of attachments."),
    "attachment_infected": N_("The virus scanner refused the attachment."),
    "scanner_unavailable": N_("Attachments cannot be accepted now: the virus scanner is unavailable."),
    "json_too_deep": N_("The JSON content is nested too deeply."),
    "forbidden_characters": N_(
        "The text contains control or text-direction override characters, which are not allowed."
    ),
    "synthetic_hetu_only": N_(
        "Outside production only synthetic personal identity codes (individual number 900-999) are accepted."
    ),
    "database_unavailable": N_("The database cannot be reached right now. Please try again shortly."),
    # Data-subject request rules (issue 14).
    "invalid_identifier": N_("The identifier given (e-mail, phone number or customer number) is invalid."),
    "invalid_period": N_("The period starts after it ends."),
    "not_restricted": N_("The request placed no restriction."),
    "already_announced": N_("The data subject has already been told that the restriction will be lifted."),
    "lift_not_announced": N_("The data subject must be told before the restriction is lifted (Article 18(3))."),
    "unknown_record": N_("The added record is not in the chosen registers."),
}
