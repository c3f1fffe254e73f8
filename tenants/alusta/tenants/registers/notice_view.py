"""A privacy notice as its public page reads it: what the page and the workspace's preview share.

The public notice page and the notice editor's preview of a new version (issue 12) render the
same template macro (``registers/_notice.html``) from the same :class:`PublicNotice`, so what a
member previews is what a reader will see.
"""

from datetime import datetime
from typing import Any

from alusta.tenants.registers.messages import SECTION_ORDER, legal_basis_text, section_title, special_category_text
from alusta.tenants.registers.schemas import Controller, Notice, PublicNotice
from alusta.tenants.tenancy.models import Tenant


def public_notice(
    tenant: Tenant, register_id: int, notice: Notice, versions: tuple[int, int], published_at: datetime
) -> PublicNotice:
    """The notice at its public URL; ``versions``: the one shown and the register's current one."""
    version, current_version = versions
    return PublicNotice(
        tenant_id=tenant.id,
        register_id=register_id,
        version=version,
        current_version=current_version,
        controller=Controller(
            name=tenant.name,
            business_id=tenant.business_id,
            contact_point=tenant.contact_point,
            dpo_contact=tenant.dpo_contact,
        ),
        notice=notice,
        published_at=published_at,
    )


def notice_context(notice: PublicNotice) -> dict[str, Any]:
    """What ``notice_sections`` needs: the notice, the section order and the texts in any language."""
    return {
        "n": notice,
        "order": SECTION_ORDER,
        "title": section_title,
        "basis": legal_basis_text,  # Art. 6(1)/9(2) in words (issue 14 point 8)
        "special": special_category_text,
    }
