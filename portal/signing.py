"""The keys that sign attestation codes, kept apart from Django's SECRET_KEY.

A printed attestation lives for years; SECRET_KEY is rotated whenever it may have leaked.
So attestations have their own key list, ``ATTESTATION_SIGNING_KEYS="2027:secret,2026:secret"``:
the first key signs new attestations, every key listed still verifies, and each attestation
row records the id of the key that signed it (``Attestation.key_id``). Rotating means putting
a new key first and keeping the old one; dropping a key voids every paper it signed.

Without the setting (development, tests, and installations that predate it) one key with
the empty id is derived from SECRET_KEY: exactly how codes were signed before keys existed,
so attestations printed before the upgrade keep verifying as long as SECRET_KEY is unchanged.
That key is also kept for verifying rows with an empty key id when a key list is configured.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import constant_time_compare, salted_hmac

_KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
_MIN_SECRET_LENGTH = 32
_SALT = "portal.attestation"
SIGNATURE_LENGTH = 16  # hex characters printed on the paper


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    secret: str = ""

    def sign(self, message):
        return salted_hmac(_SALT, message, secret=self.secret, algorithm="sha256").hexdigest()[:SIGNATURE_LENGTH]


def parse(entries):
    """``["id:secret", ...]`` as SigningKeys, newest first; a malformed entry is a configuration error."""
    keys = []
    for entry in entries:
        key_id, separator, secret = entry.partition(":")
        key_id, secret = key_id.strip(), secret.strip()
        if not separator or not _KEY_ID.match(key_id):
            raise ImproperlyConfigured(
                "ATTESTATION_SIGNING_KEYS: each entry is 'id:secret' with an id of letters, digits, '.', '_' or '-'."
            )
        if len(secret) < _MIN_SECRET_LENGTH:
            raise ImproperlyConfigured(
                f"ATTESTATION_SIGNING_KEYS: the secret of key {key_id!r} is shorter than "
                f"{_MIN_SECRET_LENGTH} characters."
            )
        if any(key.key_id == key_id for key in keys):
            raise ImproperlyConfigured(f"ATTESTATION_SIGNING_KEYS: key id {key_id!r} appears twice.")
        keys.append(SigningKey(key_id, secret))
    return keys


def _derived():
    # secret=None: salted_hmac reads settings.SECRET_KEY at each call (override_settings works).
    return SigningKey("", None)


def configured_keys():
    return parse(settings.ATTESTATION_SIGNING_KEYS)


def current():
    """The key that signs new attestations."""
    keys = configured_keys()
    return keys[0] if keys else _derived()


def find(key_id):
    """The key with this id, or None when it was dropped (its attestations no longer verify)."""
    if key_id == "":
        return _derived()
    return next((key for key in configured_keys() if key.key_id == key_id), None)


def matches(key_id, message, signature):
    key = find(key_id)
    return key is not None and constant_time_compare(signature, key.sign(message))
