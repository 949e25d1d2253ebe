"""The numbering service: consecutive per scheme and year, gapless across a rollback, voids kept."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.audit.models import AuditEvent
from apps.numbering import services
from apps.numbering.models import IssuedNumber, NumberScheme, NumberSeries
from apps.numbering.services import NumberingError, allocate

pytestmark = pytest.mark.django_db


def take(code, year=None, actor=None):
    with transaction.atomic():
        return allocate(code, year, actor=actor, target="test")


def test_it_hands_out_consecutive_formatted_numbers_per_year(bureau, people):
    assert [take("outgoing-bureau", 2026, people.clerk)[:2] for _ in range(3)] == [
        (1, "临司发〔2026〕1号"),
        (2, "临司发〔2026〕2号"),
        (3, "临司发〔2026〕3号"),
    ]
    # a new year starts again at 1; another scheme has its own series
    assert take("outgoing-bureau", 2027)[:2] == (1, "临司发〔2027〕1号")
    assert take("outgoing-office", 2026)[:2] == (1, "临司办发〔2026〕1号")
    assert take("incoming", 2026)[:2] == (1, "收〔2026〕001")
    assert NumberSeries.objects.get(scheme__code="outgoing-bureau", year=2026).last == 3
    assert IssuedNumber.objects.filter(scheme__code="outgoing-bureau").count() == 4
    event = AuditEvent.objects.filter(event="numbering.allocate").order_by("id").first()
    assert event.actor == people.clerk and event.detail == {
        "scheme": "outgoing-bureau",
        "year": 2026,
        "seq": 1,
        "target": "test",
    }


def test_it_defaults_to_this_year(bureau):
    from django.utils import timezone

    allocation = take("outgoing-bureau")
    assert allocation.year == timezone.localdate().year
    assert allocation.formatted == f"临司发〔{allocation.year}〕1号"


def test_a_rolled_back_transaction_gives_its_number_back(bureau):
    take("outgoing-bureau", 2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert allocate("outgoing-bureau", 2026).seq == 2
        raise RuntimeError("the document could not be saved")
    assert take("outgoing-bureau", 2026).seq == 2  # no gap
    assert list(IssuedNumber.objects.values_list("seq", flat=True)) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_it_runs_only_inside_the_callers_transaction():
    # (the other tests run inside the test's own transaction; this one must not)
    with pytest.raises(RuntimeError):
        allocate("outgoing-bureau", 2026)


def test_unknown_or_inactive_schemes_are_refused_in_chinese(bureau):
    with pytest.raises(NumberingError, match="不存在或已停用"):
        take("no-such-scheme")
    NumberScheme.objects.filter(code="outgoing-letter").update(active=False)
    with pytest.raises(NumberingError, match="已停用"):
        take("outgoing-letter")


def test_a_voided_number_stays_in_the_register_and_is_never_reused(bureau, people):
    take("outgoing-bureau", 2026)
    take("outgoing-bureau", 2026)
    services.void("outgoing-bureau", 2026, 2, actor=people.chief, reason="文件撤销")
    assert take("outgoing-bureau", 2026).seq == 3
    voided = IssuedNumber.objects.get(seq=2)
    assert voided.voided_at and voided.void_reason == "文件撤销" and voided.formatted == "临司发〔2026〕2号"
    with pytest.raises(NumberingError, match="已作废"):
        services.void("outgoing-bureau", 2026, 2, actor=people.chief, reason="再次作废")
    with pytest.raises(NumberingError, match="原因"):
        services.void("outgoing-bureau", 2026, 3, actor=people.chief, reason=" ")


def test_the_register_refuses_a_duplicate_number_as_a_backstop(bureau):
    allocation = take("outgoing-bureau", 2026)
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedNumber.objects.create(scheme=allocation.scheme, year=2026, seq=1, formatted="临司发〔2026〕1号")


@pytest.mark.parametrize(
    "kind, pattern, error",
    [
        ("document", "临司发〔{year}〕{seq}号", None),
        ("document", "临司发[{year}]{seq}号", "六角括号"),
        ("document", "临司发（{year}）{seq}号", "六角括号"),
        ("document", "临司发〔{year}〕第{seq}号", "六角括号"),
        ("document", "临司发〔{year}〕{seq:02d}号", "六角括号"),
        ("document", "临司发〔{year}〕号", "{seq}"),
        ("receipt", "收〔{year}〕{seq:03d}", None),
        ("receipt", "收{seq}{name}", "{year}"),
        ("receipt", "收{year", "花括号"),
    ],
)
def test_the_admin_checks_the_pattern(bureau, kind, pattern, error):
    scheme = NumberScheme(code="x", name="x", kind=kind, pattern=pattern, owner=bureau["office"])
    if error is None:
        scheme.full_clean()
        return
    with pytest.raises(ValidationError) as exc:
        scheme.full_clean()
    assert error in str(exc.value.message_dict["pattern"])
