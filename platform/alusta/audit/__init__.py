"""Audit log: append-only, hash-chained per tenant."""
