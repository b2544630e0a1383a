"""Field encryption at rest: a text column that holds a Fernet token, never the value.

Keys come from `settings.CASEPATH_FIELD_KEYS` (the `CASEPATH_FIELD_KEYS` environment
variable): the first key encrypts, every key decrypts, so an operator rotates by
putting a new key first and keeping the old ones listed. Tokens are randomised, so
an encrypted column cannot be searched or compared in SQL; only Python sees values.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

MASK = "••••"


@cache
def _key_ring(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def key_ring() -> MultiFernet:
    """The configured keys (cached per key list, so tests may override the setting)."""
    return _key_ring(tuple(settings.CASEPATH_FIELD_KEYS))


def encrypt(value: str) -> str:
    return key_ring().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return key_ring().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "An encrypted value could not be read: is the key that wrote it still "
            "listed in CASEPATH_FIELD_KEYS?"
        ) from None


def mask(value: str) -> str:
    """What logs, audit rows and lists may show: the last four characters at most."""
    value = value or ""
    return MASK + value[-4:] if len(value) > 4 else MASK


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text kept encrypted in the database; Python code reads and writes the plain value.

    The empty string is stored as is. Lookups other than `isnull` cannot work on the
    ciphertext; keep a separate plain column when a search needs part of the value.
    """

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return decrypt(value) if value else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
