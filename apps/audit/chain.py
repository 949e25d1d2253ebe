"""The audit chain's key: each row's hash is HMAC-SM3 under a key kept outside the database.

A database superuser can get past the append-only trigger (`SET session_replication_role =
replica`) and rewrite rows. With a plain hash they could then recompute every later hash and the
chain would verify; with a keyed hash they cannot compute a valid one without AUDIT_CHAIN_KEY,
which lives in the environment like the personal-data keys (apps/privacy/crypto.py), never in
the database. Deleting the newest rows leaves a valid but shorter chain: the anchors
(apps/audit/anchors.py), written outside the database, catch that.

AUDIT_CHAIN_KEY: base64 of 16–64 random bytes. With DJANGO_DEBUG on and no key, a demo key is
derived from SECRET_KEY; with it off, a missing or malformed key stops the portal (system check
audit.E002). The key cannot be changed in place: every row's hash depends on it.
"""

import base64
import binascii
import hmac as std_hmac
from functools import lru_cache

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_MIN_BYTES, KEY_MAX_BYTES = 16, 64


@lru_cache(maxsize=4)
def _key(text, debug, secret):
    text = (text or "").strip()
    if not text:
        if not debug:
            raise ImproperlyConfigured("未设置审计日志哈希链密钥 AUDIT_CHAIN_KEY（生产环境必须设置，见 README）。")
        return std_hmac.new(secret.encode(), b"bureau.audit demo chain key", "sha256").digest()
    cleaned = text.replace("-", "+").replace("_", "/")
    try:
        key = base64.b64decode(cleaned + "=" * (-len(cleaned) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured("AUDIT_CHAIN_KEY 不是有效的 base64 编码。") from None
    if not KEY_MIN_BYTES <= len(key) <= KEY_MAX_BYTES:
        raise ImproperlyConfigured(f"AUDIT_CHAIN_KEY 应为 16～64 字节，实为 {len(key)} 字节。")
    return key


def chain_key():
    """The key in force (cached per configuration, so tests can change settings)."""
    return _key(getattr(settings, "AUDIT_CHAIN_KEY", ""), bool(settings.DEBUG), settings.SECRET_KEY)


def mac(data: bytes) -> str:
    """HMAC-SM3 of `data` under the chain key, as 64 hex digits."""
    h = hmac.HMAC(chain_key(), hashes.SM3())
    h.update(data)
    return h.finalize().hex()
