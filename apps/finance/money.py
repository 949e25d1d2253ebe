"""Amounts in Chinese capital numerals (人民币大写), as printed on 报销单 and 借款单."""

from .models import yuan

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ["仟", "佰", "拾", ""]
GROUPS = ["", "万", "亿", "万亿"]


def _group(n):
    """0 < n < 10000, with the zeros between its digits (not the leading ones)."""
    text, zero = "", False
    for place, power in zip(PLACES, (1000, 100, 10, 1)):
        digit = n // power % 10
        if digit == 0:
            zero = bool(text)
        else:
            if zero:
                text += "零"
                zero = False
            text += DIGITS[digit] + place
    return text


def _integer(n):
    if n == 0:
        return ""
    groups = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    if len(groups) > len(GROUPS):
        raise ValueError("金额过大")
    text, pending_zero = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            pending_zero = bool(text)
            continue
        if text and (pending_zero or group < 1000):
            text += "零"
        text += _group(group) + GROUPS[index]
        pending_zero = False
    return text


def capital(amount):
    """Decimal('100500.05') -> '壹拾万零伍佰元零伍分'; Decimal('6000') -> '陆仟元整'."""
    amount = yuan(amount)
    if amount < 0:
        return "负" + capital(-amount)
    cents = int(amount * 100)
    whole, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    text = _integer(whole)
    if text:
        text += "元"
    if jiao == 0 and fen == 0:
        return (text or "零元") + "整"
    if jiao:
        text += DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    return text
