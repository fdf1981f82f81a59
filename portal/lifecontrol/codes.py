"""The code printed on a pensioner's letter, and the code shown on screen for the photo check.

The letter's code is derived from the campaign and the member with a keyed HMAC
(``LIFE_CONTROL_CODE_KEY``, the secret key by default), so the letter can be printed again at any
time while the database keeps only a digest of it: a copy of the database does not give anyone
the codes. Ten characters of Crockford's base 32 (no I, L, O, U: nothing to misread on paper)
give 50 bits; with the birth date and the lockout, guessing is hopeless. People type it as they
like: lower case, spaces, dashes, O for 0 and I or L for 1 are all read the same.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def _key():
    return (getattr(settings, "LIFE_CONTROL_CODE_KEY", "") or settings.SECRET_KEY).encode()


def letter_code(campaign_id, member_id):
    """The code on the letter of ``member_id`` for ``campaign_id``, grouped for reading: ``7K2M-Q9XD-4T``."""
    digest = hmac.new(_key(), f"life-letter:{campaign_id}:{member_id}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(LENGTH))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def normalise(typed):
    """What the person typed, as the code's ten characters (or "" when it cannot be one)."""
    from portal.digits import to_ascii

    cleaned = "".join(ch for ch in to_ascii(typed or "").upper() if ch.isalnum()).translate(_READ_AS)
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return ""
    return cleaned


def digest(code):
    """The stored digest of a code (typed or printed); "" for something that cannot be a code."""
    cleaned = normalise(code)
    if not cleaned:
        return ""
    return hmac.new(_key(), f"life-digest:{cleaned}".encode(), hashlib.sha256).hexdigest()


def screen_code():
    """Six digits the person writes on a paper and holds with their identity document in the photo:
    the agent sees that the photo was taken for this answer, not found elsewhere."""
    return f"{secrets.randbelow(1_000_000):06d}"
