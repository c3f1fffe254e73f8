"""Every models module of every domain, imported so that ``Base.metadata`` knows all tables.

Add a line here when a domain gains a ``models.py``.
"""

import alusta.audit.models
import alusta.auth.models
import alusta.tenants.dsr.core.models
import alusta.tenants.records.models
import alusta.tenants.registers.models
import alusta.tenants.retention.models
import alusta.tenants.tenancy.models  # noqa: F401
