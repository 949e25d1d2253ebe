"""Keys come from the environment; a production portal without sound keys does not start."""

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from apps.privacy import crypto
from apps.privacy.checks import check_keys

KEY1, KEY2 = "nJf9+2P7jQRmJJYTuxkQlg==", "kOGm3x/6VEKfHIHYUW1ueQ=="
INDEX = "GCGqcJBQSgrl+Sd3oB8LW4kY09oJ9JvwA6gJOUwIHlg="


@pytest.mark.parametrize(
    "keys, active, index, message",
    [
        ("", "", "", "未配置个人信息加密密钥"),
        ("1:" + KEY1, "", "", "PII_INDEX_KEY"),
        ("1:" + KEY1 + ",2:" + KEY2, "", INDEX, "PII_ACTIVE_KEY"),
        ("1:" + KEY1, "3", INDEX, "PII_ACTIVE_KEY"),
        ("1:c2hvcnQ=", "1", INDEX, "应为 16 字节"),
        ("one:" + KEY1, "", INDEX, "格式"),
        ("1:" + KEY1 + ",1:" + KEY2, "1", INDEX, "两次"),
        ("1:" + KEY1, "1", "not base64!", "base64"),
        ("1:" + KEY1, "1", "c2hvcnRrZXk=", "16～64 字节"),
    ],
)
def test_production_refuses_missing_or_bad_keys(settings, keys, active, index, message):
    settings.DEBUG = False
    settings.PII_KEYS, settings.PII_ACTIVE_KEY, settings.PII_INDEX_KEY = keys, active, index
    errors = check_keys()
    assert [e.id for e in errors] == ["privacy.E001"] and errors[0].level == checks.ERROR
    assert message in errors[0].msg
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("13953312345", "phone")


def test_the_index_key_must_differ_from_the_encryption_keys(settings):
    import base64

    settings.DEBUG = False
    long_key = base64.b64encode(b"k" * 16).decode()
    settings.PII_KEYS, settings.PII_ACTIVE_KEY, settings.PII_INDEX_KEY = "1:" + long_key, "1", long_key
    assert "不能与加密密钥相同" in check_keys()[0].msg


def test_the_demo_derives_its_keys(settings):
    settings.DEBUG = True
    settings.PII_KEYS = settings.PII_ACTIVE_KEY = settings.PII_INDEX_KEY = ""
    assert check_keys() == []
    ring = crypto.keyring()
    assert ring.demo and ring.active == crypto.DEMO_KEY_ID
    token = crypto.encrypt("13953312345", "phone")
    assert token.startswith("sm4gcm:0:") and crypto.decrypt(token, "phone") == "13953312345"


def test_a_configured_ring_passes(settings):
    settings.DEBUG = False
    settings.PII_KEYS, settings.PII_ACTIVE_KEY, settings.PII_INDEX_KEY = f"1:{KEY1},2:{KEY2}", "2", INDEX
    assert check_keys() == []
    assert crypto.encrypt("x地址", "address").startswith("sm4gcm:2:")
