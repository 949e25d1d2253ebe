"""allocate(): the one way any section takes a gapless number.

Call it inside the transaction that saves the numbered record. The counter row of (scheme,
year) is created race-safely (get_or_create under the unique constraint: a second creator's
INSERT waits for the first, fails, and reads the committed row), then locked with
SELECT ... FOR UPDATE until the caller commits. So numbers are consecutive and unique even
when several clerks press the button at the same moment, and a transaction that rolls back
gives its number back (the next caller gets it), which is what keeps the series gapless.
PostgreSQL sequences are not used: they leave gaps by design.
"""

from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from apps.audit.log import record

from .models import IssuedNumber, NumberScheme, NumberSeries


class NumberingError(Exception):
    """Shown to the user as is."""


class Allocation(NamedTuple):
    seq: int
    formatted: str
    year: int
    scheme: NumberScheme


def _series(scheme, year):
    """The counter row, locked until the caller's transaction ends."""
    series, _ = NumberSeries.objects.get_or_create(scheme=scheme, year=year)
    return NumberSeries.objects.select_for_update().get(pk=series.pk)


def allocate(scheme_code, year=None, *, actor=None, target=""):
    """Hand out the next number of `scheme_code` for `year` (default: this year).

    Returns Allocation(seq, formatted, year, scheme); unpacks as (seq, formatted, ...).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate() must run inside the transaction that saves the numbered record")
    scheme = NumberScheme.objects.filter(code=scheme_code).first()
    if scheme is None or not scheme.active:
        raise NumberingError(f"编号规则“{scheme_code}”不存在或已停用，请联系系统管理员。")
    year = int(year or timezone.localdate().year)
    series = _series(scheme, year)
    series.last += 1
    series.save(update_fields=["last", "updated_at"])
    formatted = scheme.format(year, series.last)
    issued = IssuedNumber.objects.create(
        scheme=scheme, year=year, seq=series.last, formatted=formatted, target=target[:80], issued_by=actor
    )
    record(
        "numbering.allocate",
        actor=actor,
        obj=issued,
        detail={"scheme": scheme.code, "year": year, "seq": series.last, "target": target[:80]},
    )
    return Allocation(series.last, formatted, year, scheme)


def void(scheme_code, year, seq, *, actor, reason):
    """Mark a number 作废: it stays in the register and is never handed out again."""
    reason = (reason or "").strip()
    if not reason:
        raise NumberingError("作废编号须说明原因。")
    with transaction.atomic():
        issued = IssuedNumber.objects.select_for_update().filter(scheme__code=scheme_code, year=year, seq=seq).first()
        if issued is None:
            raise NumberingError("该编号不存在。")
        if issued.voided_at is not None:
            raise NumberingError("该编号已作废。")
        issued.voided_at = timezone.now()
        issued.voided_by = actor
        issued.void_reason = reason[:200]
        issued.save(update_fields=["voided_at", "voided_by", "void_reason"])
        record("numbering.void", actor=actor, obj=issued, detail={"scheme": scheme_code, "year": year, "seq": seq})
    return issued
