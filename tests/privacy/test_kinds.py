"""Validation (GB 11643-1999 check digit, phone formats) and masking, without a database."""

import random

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from apps.privacy.forms import StatedReasonForm
from apps.privacy.kinds import KINDS, id_check_digit, mask
from apps.privacy.values import PersonalValue


def check(kind, value):
    """The Chinese message for `value`, or "" when it is accepted."""
    try:
        KINDS[kind].validate(KINDS[kind].normalise(value))
    except ValidationError as exc:
        return exc.messages[0]
    return ""


@pytest.mark.parametrize(
    "number",
    ["11010519491231002X", "440524188001010014", "370305198001011233"[:17] + id_check_digit("37030519800101123")],
)
def test_valid_id_numbers(number):
    assert check("id_number", number) == ""
    assert check("id_number", number.lower()) == ""


def test_the_check_digit_follows_gb_11643():
    # the standard's own example
    assert id_check_digit("11010519491231002") == "X"
    assert id_check_digit("44052418800101001") == "4"


def test_every_wrong_check_digit_is_refused():
    first17 = "37030519800101123"
    right = id_check_digit(first17)
    for digit in "0123456789X":
        if digit != right:
            assert check("id_number", first17 + digit) == "身份证号码校验位不正确，请逐位核对。"


@pytest.mark.parametrize(
    "value, message",
    [
        ("1101051949123100", "应为 18 位"),
        ("11010519491231002XX", "应为 18 位"),
        ("01010519491231002X", "应为 18 位"),
        ("11010519491331002X", "出生日期"),
        ("11010517991231002X", "出生日期"),
        ("11010529991231002X", "出生日期"),
        ("1101051949123100A2", "应为 18 位"),
    ],
)
def test_malformed_id_numbers(value, message):
    assert message in check("id_number", value)


def test_random_input_never_passes_unless_it_is_a_valid_number():
    rng = random.Random(2026)
    for _ in range(2000):
        text = "".join(rng.choice("0123456789Xx -") for _ in range(rng.randint(0, 22)))
        compact = text.replace(" ", "").upper()
        valid = (
            len(compact) == 18
            and compact[:17].isdigit()
            and compact[0] != "0"
            and id_check_digit(compact[:17]) == compact[17]
        )
        if check("id_number", text) == "":
            assert valid, text


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("13953312345", "13953312345"),
        ("139 5331 2345", "13953312345"),
        ("+86 139-5331-2345", "13953312345"),
        ("0533-7201234", "0533-7201234"),
        ("05337201234", "0533-7201234"),
        ("(0533)7201234-801", "0533-7201234-801"),
        ("010-65123456", "010-65123456"),
        ("０５３３－７２０１２３４", "0533-7201234"),
    ],
)
def test_phones_are_normalised(typed, stored):
    assert KINDS["phone"].normalise(typed) == stored
    assert check("phone", typed) == ""


@pytest.mark.parametrize(
    "typed, message",
    [
        ("7201234", "请加区号"),
        ("12345678901", "11 位手机号码"),
        ("1395331234", "11 位手机号码"),
        ("abc", "11 位手机号码"),
    ],
)
def test_bad_phones(typed, message):
    assert message in check("phone", typed)


def test_addresses():
    assert check("address", "临淄区") == "请填写完整地址（至少 4 个字）。"
    assert check("address", "临淄区桓公路100号") == ""


@pytest.mark.parametrize(
    "kind, value, shown",
    [
        ("id_number", "370305198001011231", "3703**********1231"),
        ("phone", "13812341234", "138****1234"),
        ("phone", "0533-7201234", "0533-***1234"),
        ("address", "山东省淄博市临淄区闻韶街道桓公路100号", "山东省淄博市临淄区****"),
        ("address", "临淄区辛店街道", "临淄区****"),
        ("address", "北京市朝阳区建国路1号", "北京市朝阳区****"),
        ("address", "幸福小区3号楼2单元", "****"),
        ("address", "桓公路幸福市场3号", "****"),
    ],
)
def test_masking(kind, value, shown):
    assert mask(value, kind) == shown


def test_the_template_filter_and_default_rendering_mask():
    value = PersonalValue("370305198001011231", "id_number")
    html = Template('{% load privacy %}{{ v }}|{{ v|masked }}|{{ s|masked:"phone" }}|{{ v|upper }}').render(
        Context({"v": value, "s": "13812341234"})
    )
    assert html == "3703**********1231|3703**********1231|138****1234|3703**********1231"


def test_a_stated_reason_must_not_carry_numbers():
    assert not StatedReasonForm({"reason": "核实身份 370305198001011231"}).is_valid()
    assert not StatedReasonForm({"reason": "电话 139 5331 2345 回访"}).is_valid()
    assert not StatedReasonForm({"reason": "查"}).is_valid()
    assert StatedReasonForm({"reason": "电话回访来访人，告知答复意见"}).is_valid()
