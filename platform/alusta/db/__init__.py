"""Database access: declarative base, async engine and sessions, Alembic migrations."""
