"""Keyed digests of a person's identifiers: how Lan Toả compares people without keeping who they are.

A participant list's social insurance number, phone, name and date of birth, and a registration's phone (and,
when the person gave it, date of birth), are each normalised and kept only as an HMAC-SHA256 under a secret key
from the environment (``LANTOA_ATTRIBUTION_KEYS``, docs/attribution.md). A digest is written ``<key id>:<hex>``,
so digests made under different keys never compare equal and a rotation is visible in the data.

Normalisation, so that the same person gives the same digest whatever the file or the form wrote:

- phone: as registrations store it (``lantoa.phones.normalise``: +84, spaces, dots, other scripts' digits);
- name: folded (no diacritics, "đ" → "d", lowercase) with every space and punctuation removed;
- date of birth: ISO (yyyy-mm-dd); commune: the official code.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError

from lantoa import phones
from lantoa.folding import fold

DIGEST_LENGTH = 52  # the longest "<key id>:<hex>" a column holds
_KEY_ID = re.compile(r"[a-z0-9-]{1,16}")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Keyring:
    current: str
    secrets: dict[str, bytes]


@lru_cache(maxsize=8)
def _parse(spec: str, fallback_secret: str) -> Keyring:
    if not spec.strip():
        # Development and tests: a key derived from SECRET_KEY (production refuses to start without a real one).
        return Keyring("dev", {"dev": hashlib.sha256(f"lantoa-attribution:{fallback_secret}".encode()).digest()})
    secrets: dict[str, bytes] = {}
    order = []
    for item in spec.split(","):
        key_id, _, secret = item.strip().partition(":")
        if not _KEY_ID.fullmatch(key_id) or len(secret) < 32:
            raise ImproperlyConfigured(
                "LANTOA_ATTRIBUTION_KEYS: write id:secret pairs separated by commas, the id in a-z, 0-9 and '-' "
                "(at most 16), each secret at least 32 characters (e.g. `openssl rand -hex 32`)."
            )
        secrets[key_id] = secret.encode()
        order.append(key_id)
    return Keyring(order[0], secrets)


def keyring() -> Keyring:
    """The configured keys; the first one is current (new digests use it), the others are kept for reading."""
    return _parse(getattr(settings, "LANTOA_ATTRIBUTION_KEYS", ""), settings.SECRET_KEY)


def normalised_name(name: str) -> str:
    """ "Nguyễn Thị  Lan" → "nguyenthilan": what a name is compared as."""
    return _NOT_ALNUM.sub("", fold(name or ""))


class Hasher:
    """Digests under one key (the current one unless named): bind it once, hash many rows."""

    def __init__(self, key_id: str | None = None):
        ring = keyring()
        self.key_id = key_id or ring.current
        try:
            self._secret = ring.secrets[self.key_id]
        except KeyError:
            raise ImproperlyConfigured(f"LANTOA_ATTRIBUTION_KEYS has no key {self.key_id!r}.") from None
        self._prefix = f"{self.key_id}:"

    def _digest(self, kind: str, value: str) -> str:
        mac = hmac.digest(self._secret, f"{kind}|{value}".encode(), "sha256")
        return self._prefix + mac[:16].hex()

    def phone(self, normalised_phone: str) -> str:
        """The digest of a phone already normalised (``lantoa.phones.normalise``); "" for no phone."""
        return self._digest("phone", normalised_phone) if normalised_phone else ""

    def person(self, name: str, born: datetime.date | None, commune_code: str) -> str:
        """The digest of name + date of birth + commune; "" when any of the three is missing."""
        folded = normalised_name(name)
        if not (folded and born and commune_code):
            return ""
        return self._digest("person", f"{folded}|{born.isoformat()}|{commune_code}")

    def insurance_number(self, number: str) -> str:
        """The digest of a social insurance number (its ten digits)."""
        return self._digest("sin", number)


def phone_digest(raw_phone: str, hasher: Hasher | None = None) -> str:
    """The digest of a phone as a person typed it; "" when it is empty or not a Vietnamese mobile number."""
    try:
        normalised = phones.normalise(raw_phone) if raw_phone else ""
    except ValidationError:
        return ""
    return (hasher or Hasher()).phone(normalised)
