"""Encryption at rest of channel credentials (tokens, keys): Fernet with a key from settings."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

# Bumped if the derivation ever changes, so old ciphertexts can be told apart.
_DERIVATION_CONTEXT = b"lantoa.channels.credentials.v1"


def _fernet() -> Fernet:
    # LANTOA_CREDENTIALS_KEY in production; in development the SECRET_KEY stands in, so a
    # fresh checkout works. Either is stretched into a 32-byte Fernet key.
    secret = settings.LANTOA_CREDENTIALS_KEY or settings.SECRET_KEY
    digest = hashlib.sha256(_DERIVATION_CONTEXT + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(ciphertext: str) -> str:
    """The plaintext; raises CredentialsUnreadable when the key changed or the data was altered."""
    try:
        return _fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken as exc:
        raise CredentialsUnreadable from exc


def mask(plaintext: str) -> str:
    """What the admin may show of a secret: its last four characters."""
    return f"••••{plaintext[-4:]}" if len(plaintext) > 8 else "••••"


class CredentialsUnreadable(Exception):
    """The stored credentials cannot be decrypted with the configured key."""
