"""Amounts in capital numerals (人民币大写) on the printed forms."""

from decimal import Decimal

import pytest

from apps.finance.money import capital


@pytest.mark.parametrize(
    "amount, words",
    [
        ("6000", "陆仟元整"),
        ("6000.00", "陆仟元整"),
        ("100500.05", "壹拾万零伍佰元零伍分"),
        ("10005", "壹万零伍元整"),
        ("1010", "壹仟零壹拾元整"),
        ("100000", "壹拾万元整"),
        ("123456789.12", "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分"),
        ("0.50", "伍角"),
        ("1.05", "壹元零伍分"),
        ("0", "零元整"),
    ],
)
def test_capital(amount, words):
    assert capital(Decimal(amount)) == words
