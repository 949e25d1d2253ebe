"""SM4-GCM encryption of personal data at rest, and the keyed blind index (HMAC-SM3).

Stored token: ``sm4gcm:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>`` with a random 96-bit
nonce per value and the data's kind as associated data (an ID-number token pasted into an
address column does not decrypt). The key id in the token says which key of the ring decrypts
it, so keys rotate without a flag day: add a key, make it active, run
``manage.py rotate_pii_keys``, then retire the old one (README, "个人信息密钥轮换").

Keys come from the environment through settings (bureau/settings.py):
  PII_KEYS        "1:<base64 16 bytes>,2:<base64 16 bytes>"  SM4 keys by id
  PII_ACTIVE_KEY  "2"                                       the id new values are written with
  PII_INDEX_KEY   "<base64 16-64 bytes>"                    HMAC-SM3 key of the blind index
With DJANGO_DEBUG on and no PII_KEYS, a demo key (id 0) and index key are derived from
SECRET_KEY; with it off, missing or malformed keys stop the portal (system check privacy.E001)
and any use raises ImproperlyConfigured.
"""

import base64
import binascii
import hmac as std_hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TOKEN_PREFIX = "sm4gcm"
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 16  # SM4 is a 128-bit block cipher with a 128-bit key
DEMO_KEY_ID = "0"


class PersonalDataError(Exception):
    """A stored value cannot be decrypted: never silently shown as empty or as ciphertext."""


class UnknownKeyError(PersonalDataError):
    pass


@dataclass(frozen=True)
class Keyring:
    keys: dict
    active: str
    index_key: bytes
    demo: bool = False


def _b64decode(text, what):
    # standard or URL-safe alphabet, padding optional
    text = text.strip().replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{what} 不是有效的 base64 编码。") from None


def parse_keys(text):
    """ "1:<base64>,2:<base64>" -> {"1": bytes, "2": bytes}; ImproperlyConfigured when malformed."""
    keys = {}
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        key_id, sep, encoded = item.partition(":")
        key_id = key_id.strip()
        if not sep or not key_id.isdigit():
            raise ImproperlyConfigured("PII_KEYS 的格式应为“编号:base64密钥”，以逗号分隔，如 1:xxxx,2:yyyy。")
        if key_id in keys:
            raise ImproperlyConfigured(f"PII_KEYS 中密钥编号 {key_id} 出现了两次。")
        key = _b64decode(encoded, f"PII_KEYS 中编号 {key_id} 的密钥")
        if len(key) != KEY_BYTES:
            raise ImproperlyConfigured(f"PII_KEYS 中编号 {key_id} 的密钥应为 16 字节（SM4），实为 {len(key)} 字节。")
        keys[key_id] = key
    return keys


def _derived(secret, label, length):
    return std_hmac.new(secret.encode(), label.encode(), "sha256").digest()[:length]


@lru_cache(maxsize=8)
def _build_keyring(keys_text, active, index_text, debug, secret):
    keys = parse_keys(keys_text or "")
    if not keys:
        if not debug:
            raise ImproperlyConfigured(
                "未配置个人信息加密密钥：生产环境必须设置 PII_KEYS、PII_ACTIVE_KEY 和 PII_INDEX_KEY（见 README）。"
            )
        return Keyring(
            keys={DEMO_KEY_ID: _derived(secret, "bureau.privacy demo SM4 key", KEY_BYTES)},
            active=DEMO_KEY_ID,
            index_key=_derived(secret, "bureau.privacy demo index key", 32),
            demo=True,
        )
    active = (active or "").strip()
    if not active and len(keys) == 1:
        active = next(iter(keys))
    if active not in keys:
        raise ImproperlyConfigured(f"PII_ACTIVE_KEY（{active or '未设置'}）必须是 PII_KEYS 中的一个编号。")
    if not (index_text or "").strip():
        if not debug:
            raise ImproperlyConfigured("未设置 PII_INDEX_KEY（个人信息检索索引的密钥）。")
        index_key = _derived(secret, "bureau.privacy demo index key", 32)
    else:
        index_key = _b64decode(index_text, "PII_INDEX_KEY")
        if not 16 <= len(index_key) <= 64:
            raise ImproperlyConfigured(f"PII_INDEX_KEY 应为 16～64 字节，实为 {len(index_key)} 字节。")
        if index_key in keys.values():
            raise ImproperlyConfigured("PII_INDEX_KEY 不能与加密密钥相同。")
    return Keyring(keys=keys, active=active, index_key=index_key)


def keyring():
    """The keys in force (cached per configuration, so tests can change settings)."""
    return _build_keyring(
        settings.PII_KEYS, settings.PII_ACTIVE_KEY, settings.PII_INDEX_KEY, settings.DEBUG, settings.SECRET_KEY
    )


def _aad(kind):
    return f"bureau-pii:{kind}".encode()


def encrypt(plain, kind, key_id=None):
    ring = keyring()
    key_id = key_id or ring.active
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(ring.keys[key_id]), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(_aad(kind))
    body = encryptor.update(plain.encode("utf-8")) + encryptor.finalize()
    payload = base64.urlsafe_b64encode(nonce + body + encryptor.tag).rstrip(b"=").decode()
    return f"{TOKEN_PREFIX}:{key_id}:{payload}"


def token_key_id(token):
    """The key id a stored token was written with (PersonalDataError if it is no token)."""
    prefix, _, rest = token.partition(":")
    key_id, sep, _payload = rest.partition(":")
    if prefix != TOKEN_PREFIX or not sep or not key_id:
        raise PersonalDataError("存储的个人信息不是密文（可能被绕过加密直接写入数据库）。")
    return key_id


def decrypt(token, kind):
    key_id = token_key_id(token)
    ring = keyring()
    key = ring.keys.get(key_id)
    if key is None:
        raise UnknownKeyError(
            f"个人信息密文使用的密钥编号 {key_id} 未在 PII_KEYS 中配置，无法解密（轮换后是否过早移除了旧密钥？）。"
        )
    payload = token.split(":", 2)[2]
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    except (binascii.Error, ValueError):
        raise PersonalDataError("个人信息密文已损坏（编码无效）。") from None
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        raise PersonalDataError("个人信息密文已损坏（长度不足）。")
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(_aad(kind))
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")
    except InvalidTag:
        raise PersonalDataError("个人信息密文校验失败：已被篡改、放错了字段，或密钥不对。") from None


def blind_index(kind, search_form):
    """HMAC-SM3 of the value's search form under PII_INDEX_KEY (hex): equal for equal values,
    useless without the key."""
    mac = hmac.HMAC(keyring().index_key, hashes.SM3())
    mac.update(f"{kind}\x00{search_form}".encode("utf-8"))
    return mac.finalize().hex()
