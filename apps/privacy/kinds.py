"""The kinds of personal data the portal stores: how each is normalised, validated and masked.

One place for the rules, so that a form, the model, the blind index and every page agree:
`normalise()` is what gets stored, `search_form()` what the blind index hashes (the same
person typed two ways finds the same row), `mask()` what anyone but a handler sees.
"""

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError


def _nfkc(value):
    # Full-width digits and letters (１２３Ｘ) come from Chinese input methods: same characters.
    return unicodedata.normalize("NFKC", str(value))


def generic_mask(text):
    """Keep at most a quarter of the characters at each end (never more than 4)."""
    n = len(text)
    if n <= 4:
        return "*" * n
    keep = min(4, n // 4)
    return text[:keep] + "*" * (n - 2 * keep) + text[n - keep :]


class Kind:
    code = ""
    label = ""

    def normalise(self, value):
        return " ".join(_nfkc(value).split())

    def validate(self, value):
        """Raise ValidationError (Chinese message) unless `value` (normalised) is acceptable."""

    def search_form(self, value):
        return self.normalise(value)

    def mask(self, value):
        return generic_mask(value)


# --- resident identity card number (GB 11643-1999) -------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_DIGITS = "10X98765432"
_ID_SHAPE = re.compile(r"^[1-9]\d{16}[\dX]$")


def id_check_digit(first17):
    """The 18th character of a resident ID number (ISO 7064 MOD 11-2, as GB 11643-1999 fixes)."""
    return ID_CHECK_DIGITS[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS)) % 11]


class IdNumber(Kind):
    code = "id_number"
    label = "身份证号码"

    def normalise(self, value):
        return "".join(_nfkc(value).split()).upper()

    def validate(self, value):
        if not _ID_SHAPE.match(value):
            raise ValidationError("身份证号码应为 18 位：前 17 位是数字，最后一位是数字或 X。", code="id_shape")
        try:
            born = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
        except ValueError:
            born = None
        if born is None or born.year < 1800 or born > datetime.date.today():
            raise ValidationError("身份证号码中的出生日期（第 7～14 位）不是有效日期。", code="id_birth_date")
        if id_check_digit(value[:17]) != value[17]:
            raise ValidationError("身份证号码校验位不正确，请逐位核对。", code="id_checksum")

    def mask(self, value):
        if len(value) == 18:
            return value[:4] + "*" * 10 + value[-4:]
        return generic_mask(value)


# --- phone numbers ----------------------------------------------------------------------------

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# area code (010, 02x: three digits; others four), 7-8 digit number, optional extension
_LANDLINE = re.compile(r"^(0(?:10|2\d|[3-9]\d{2}))-?([2-9]\d{6,7})(?:-(\d{1,6}))?$")


class Phone(Kind):
    code = "phone"
    label = "电话号码"

    def normalise(self, value):
        text = re.sub(r"[\s()（）.]", "", _nfkc(value))
        text = text.replace("—", "-").replace("－", "-")
        for prefix in ("+86", "0086", "86"):
            rest = text[len(prefix) :].lstrip("-")
            if text.startswith(prefix) and _MOBILE.match(rest.replace("-", "")):
                text = rest
                break
        if _MOBILE.match(text.replace("-", "")):
            return text.replace("-", "")
        match = _LANDLINE.match(text)
        if match:
            area, number, extension = match.groups()
            return f"{area}-{number}" + (f"-{extension}" if extension else "")
        return text

    def validate(self, value):
        if _MOBILE.match(value) or _LANDLINE.match(value):
            return
        if re.fullmatch(r"[2-9]\d{6,7}", value):
            raise ValidationError("座机号码请加区号，如 0533-7201234。", code="phone_area_code")
        raise ValidationError("请填写 11 位手机号码，或带区号的座机号码（如 0533-7201234）。", code="phone_shape")

    def search_form(self, value):
        return re.sub(r"\D", "", self.normalise(value))

    def mask(self, value):
        if _MOBILE.match(value):
            return value[:3] + "****" + value[-4:]
        match = _LANDLINE.match(value)
        if match:
            area, number, extension = match.groups()
            return (
                f"{area}-" + "*" * (len(number) - 4) + number[-4:] + ("-" + "*" * len(extension) if extension else "")
            )
        return generic_mask(value)


# --- postal addresses -------------------------------------------------------------------------

_NAME = r"[^省市区县旗\d\s]"
_DIVISIONS = re.compile(
    rf"^(?P<province>{_NAME}{{1,3}}?省|{_NAME}{{1,6}}?自治区|{_NAME}{{2}}特别行政区)?"
    rf"(?P<city>{_NAME}{{1,4}}?(?:市|地区|盟)|{_NAME}{{1,10}}?自治州)?"
    rf"(?P<county>{_NAME}{{1,4}}?(?:区|县|旗|市)|{_NAME}{{1,10}}?自治县)?"
)
# A district or county standing alone (临淄区, 桓台县) must not be a residential compound, a
# park or a community, whose names also end in 区.
_NOT_A_COUNTY = ("小区", "园区", "社区", "校区", "景区", "营区", "片区", "街区")


def address_divisions(value):
    """The leading administrative divisions of an address (province, city, district or county),
    or "" when none can be recognised: the part of an address a list may show."""
    match = _DIVISIONS.match(value)
    if match.group("province") or match.group("city"):
        return match.group(0)
    county = match.group("county") or ""
    if county and not county.endswith(_NOT_A_COUNTY):
        return county
    return ""


class Address(Kind):
    code = "address"
    label = "地址"
    MIN_LENGTH = 4
    MAX_LENGTH = 200

    def validate(self, value):
        if len(value) < self.MIN_LENGTH:
            raise ValidationError(f"请填写完整地址（至少 {self.MIN_LENGTH} 个字）。", code="address_short")
        if len(value) > self.MAX_LENGTH:
            raise ValidationError(f"地址不能超过 {self.MAX_LENGTH} 个字。", code="address_long")

    def mask(self, value):
        return address_divisions(value) + "****"


KINDS = {kind.code: kind for kind in (IdNumber(), Phone(), Address())}


def get_kind(code):
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f"unknown personal data kind {code!r} (one of {', '.join(KINDS)})") from None


def mask(value, kind):
    """The one display helper: `value` as anyone but the record's handlers may see it."""
    if value is None or value == "":
        return ""
    text = getattr(value, "plain", value)
    return get_kind(kind).mask(str(text))
