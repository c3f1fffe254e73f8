"""Controllers' tenants: registers and privacy notices, records, roles, data-subject requests."""
