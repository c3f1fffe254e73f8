"""Auth tables (platform metadata, not tenant-owned).

- ``auth_identities``: one row per strong identity. The henkilötunnus is personal data: it is
  stored only as a keyed blind index (HMAC-SHA256 under a key derived from the KEK ring, with
  the key id for rotation) and as AES-256-GCM ciphertext whose AAD binds it to the row; the
  verified name of the last login is sealed the same way (``name_ciphertext``).
- ``auth_staff_roles``: processor roles (support desk, operator) bound to the identity, never
  to an e-mail address.
- ``auth_store``: server-side key/value store for login states and sessions when no Redis is
  configured (values are opaque, keys are hashes of random tokens).
"""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from alusta.db.base import Base, UtcDateTime

ID_TYPE = BigInteger().with_variant(Integer(), "sqlite")  # SQLite autoincrements INTEGER only


class Identity(Base):
    __tablename__ = "auth_identities"
    __table_args__ = (UniqueConstraint("hetu_index_key_id", "hetu_index"),)

    id: Mapped[int] = mapped_column(ID_TYPE, primary_key=True, autoincrement=True)
    hetu_index: Mapped[bytes] = mapped_column(LargeBinary(32))
    hetu_index_key_id: Mapped[str] = mapped_column(String(64))
    hetu_ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    hetu_key_id: Mapped[str] = mapped_column(String(64))
    # The verified name from the last login (ID token given/family name), sealed like the hetu:
    # staff lists show who is who, and a dump shows no plaintext name (None: not logged in since).
    name_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    name_key_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_login_at: Mapped[datetime] = mapped_column(UtcDateTime())


class StaffRole(Base):
    __tablename__ = "auth_staff_roles"

    identity_id: Mapped[int] = mapped_column(
        ID_TYPE, ForeignKey("auth_identities.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime())


class StoreEntry(Base):
    __tablename__ = "auth_store"

    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
