"""System checks: the personal-data keys are there and sound (a production portal without them
does not start: migrate, runserver and check refuse)."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import crypto


@checks.register("privacy")
def check_keys(app_configs=None, **kwargs):
    try:
        ring = crypto.keyring()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), hint="见 README“个人信息加密密钥”。", id="privacy.E001")]
    return [] if ring.keys else [checks.Error("个人信息密钥环为空。", id="privacy.E001")]
