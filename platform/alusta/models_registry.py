"""Every models module of every domain, so that ``Base.metadata`` knows all tables.

Part of the composition root (the kernel's ``alusta.db`` imports no domain). Alembic
autogenerate/check and the test schema builder call :func:`load_all_models`; add a line here
when a domain gains a models module.
"""

from sqlalchemy import MetaData

import alusta.audit.models
import alusta.auth.models
import alusta.tenants.dsr.core.models
import alusta.tenants.records.models
import alusta.tenants.registers.models
import alusta.tenants.retention.models
import alusta.tenants.tenancy.models  # noqa: F401
from alusta.db.base import Base


def load_all_models() -> MetaData:
    """The metadata with every table of every domain."""
    return Base.metadata
