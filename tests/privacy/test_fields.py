"""Personal data at rest: encrypted per value, readable back, searchable by full number only
through the keyed index, loud when the key is wrong, re-encrypted by rotation."""

import base64
import io
import os

import pytest
from django.core.exceptions import FieldError, ValidationError
from django.core.management import call_command
from django.db import connection

from apps.audit.models import AuditEvent
from apps.privacy import crypto
from apps.privacy.fields import pii_lookup
from apps.privacy.values import PersonalValue
from tests.privacy.conftest import FULL_ID
from tests.privacy.factories import ADDRESS, LI, PHONE, ZHANG, new_visit
from tests.privacy_app.models import Visitor

pytestmark = pytest.mark.django_db


def raw_row(visitor, model=Visitor):
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id_number, phone, address, id_number_index FROM {table} WHERE id = %s", [visitor.pk])
        return cursor.fetchone()


def test_it_round_trips_and_reads_back_as_masked_values(visit):
    visitor = Visitor.objects.get(case=visit)
    assert isinstance(visitor.id_number, PersonalValue)
    assert visitor.id_number.plain == ZHANG and visitor.phone.plain == PHONE and visitor.address.plain == ADDRESS
    assert str(visitor.id_number) == ZHANG[:4] + "*" * 10 + ZHANG[-4:]
    assert f"{visitor.phone}" == "139****2345"
    assert "%s" % visitor.address == "山东省淄博市临淄区****"
    assert visitor.id_number == ZHANG  # comparisons use the value itself


def test_the_database_row_holds_no_plain_value(visit):
    visitor = Visitor.objects.get(case=visit)
    id_token, phone_token, address_token, index = raw_row(visitor)
    for token, plain in ((id_token, ZHANG), (phone_token, PHONE), (address_token, ADDRESS)):
        assert token.startswith("sm4gcm:2:")
        assert plain not in token and not FULL_ID.search(token)
    assert "临淄" not in address_token
    assert len(index) == 64 and ZHANG not in index
    # nor do the history copies
    table = connection.ops.quote_name(Visitor.history.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id_number, phone FROM {table}")
        for row in cursor.fetchall():
            assert all(value.startswith("sm4gcm:") for value in row)


def test_each_value_gets_its_own_nonce(people):
    first = new_visit(people.clerk, title="甲")
    second = new_visit(people.clerk, title="乙")
    a, b = (raw_row(Visitor.objects.get(case=c)) for c in (first, second))
    assert a[0] != b[0]  # same ID number, different ciphertext
    assert a[3] == b[3]  # same blind index: exact search finds both


def test_search_by_full_id_number_and_phone(people):
    mine = new_visit(people.clerk, title="张三来访", number=ZHANG)
    other = new_visit(people.clerk, title="李四来访", number=LI, phone="0533-7201234")
    found = Visitor.objects.filter(**pii_lookup(Visitor, "id_number", ZHANG))
    assert list(found.values_list("case", flat=True)) == [mine.pk]
    # typed with spaces, full-width digits and a lower-case x: the same person
    typed = (
        " ".join(LI[i : i + 6] for i in range(0, 18, 6))
        .translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        .lower()
    )
    assert list(Visitor.objects.filter(**pii_lookup(Visitor, "id_number", typed)).values_list("case", flat=True)) == [
        other.pk
    ]
    assert Visitor.objects.filter(**pii_lookup(Visitor, "phone", "+86 139 5331 2345")).get().case_id == mine.pk
    assert Visitor.objects.filter(**pii_lookup(Visitor, "phone", "05337201234")).get().case_id == other.pk
    assert not Visitor.objects.filter(**pii_lookup(Visitor, "id_number", ZHANG[:-1] + "0")).exists()


def test_querying_the_ciphertext_by_value_is_refused(visit):
    with pytest.raises(FieldError, match="pii_lookup"):
        list(Visitor.objects.filter(id_number=ZHANG))
    with pytest.raises(FieldError):
        list(Visitor.objects.filter(id_number__startswith="3703"))
    assert Visitor.objects.filter(address__isnull=False).count() == 1


def test_saving_a_field_without_its_index_is_refused(visit):
    visitor = Visitor.objects.get(case=visit)
    visitor.id_number = LI
    with pytest.raises(ValidationError, match="检索索引"):
        visitor.save(update_fields=["id_number"])
    visitor.save(update_fields=["id_number", "id_number_index"])
    assert Visitor.objects.filter(**pii_lookup(Visitor, "id_number", LI)).exists()


def test_model_validation_uses_the_id_checksum(visit):
    visitor = Visitor.objects.get(case=visit)
    visitor.id_number = ZHANG[:-1] + ("0" if ZHANG[-1] != "0" else "1")
    with pytest.raises(ValidationError) as caught:
        visitor.full_clean()
    assert caught.value.message_dict["id_number"] == ["身份证号码校验位不正确，请逐位核对。"]
    visitor.id_number = " " + ZHANG.lower() + " "
    visitor.full_clean()
    assert visitor.id_number.plain == ZHANG.upper()


def test_a_token_under_an_unknown_key_fails_loudly(visit, settings):
    # written under key 2; a ring that lost key 2 must not show an empty or garbled value
    settings.PII_KEYS = settings.PII_KEYS.split(",")[0]
    settings.PII_ACTIVE_KEY = "1"
    with pytest.raises(crypto.UnknownKeyError, match="密钥编号 2"):
        Visitor.objects.get(case=visit)


def test_a_tampered_or_moved_token_fails_loudly(visit):
    visitor = Visitor.objects.get(case=visit)
    id_token, phone_token, _address, _index = raw_row(visitor)
    table = connection.ops.quote_name(Visitor._meta.db_table)
    with connection.cursor() as cursor:  # the ID number's ciphertext pasted into the phone column
        cursor.execute(f"UPDATE {table} SET phone = %s WHERE id = %s", [id_token, visitor.pk])
    with pytest.raises(crypto.PersonalDataError, match="校验失败"):
        Visitor.objects.get(pk=visitor.pk)
    with connection.cursor() as cursor:  # a plain value written around the field
        cursor.execute(f"UPDATE {table} SET phone = %s WHERE id = %s", [PHONE, visitor.pk])
    with pytest.raises(crypto.PersonalDataError, match="不是密文"):
        Visitor.objects.get(pk=visitor.pk)


def test_rotation_reencrypts_every_row_and_history_to_the_active_key(people, settings):
    settings.PII_ACTIVE_KEY = "1"
    cases = [new_visit(people.clerk, title=f"来访{i}") for i in range(3)]
    assert all(raw_row(Visitor.objects.get(case=c))[0].startswith("sm4gcm:1:") for c in cases)
    settings.PII_KEYS += ",3:" + base64.b64encode(os.urandom(16)).decode()
    settings.PII_ACTIVE_KEY = "3"
    out = io.StringIO()
    with pytest.raises(Exception, match="旧密钥|未改用"):
        call_command("rotate_pii_keys", "--check", stdout=out)
    call_command("rotate_pii_keys", "--batch-size", "2", stdout=out)
    assert "重新加密" in out.getvalue()
    for case in cases:
        visitor = Visitor.objects.get(case=case)
        assert all(token.startswith("sm4gcm:3:") for token in raw_row(visitor)[:3])
        assert visitor.id_number.plain == ZHANG
    table = connection.ops.quote_name(Visitor.history.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id_number FROM {table}")
        assert {row[0].split(":")[1] for row in cursor.fetchall()} == {"3"}
    call_command("rotate_pii_keys", "--check", stdout=out)  # clean now
    # key 1 can go: everything still reads
    settings.PII_KEYS = ",".join(k for k in settings.PII_KEYS.split(",") if not k.startswith("1:"))
    assert Visitor.objects.filter(**pii_lookup(Visitor, "id_number", ZHANG)).count() == 3
    event = AuditEvent.objects.get(event="pii.rotate_keys")
    # 3 rows x 3 fields, and the same in their history copies
    assert event.detail["active_key"] == "3" and event.detail["reencrypted"] == 18
    # running it again changes nothing
    call_command("rotate_pii_keys", stdout=out)
    assert AuditEvent.objects.filter(event="pii.rotate_keys").latest("id").detail["reencrypted"] == 0


def test_reindex_after_a_new_index_key(people, settings):
    case = new_visit(people.clerk)
    settings.PII_INDEX_KEY = base64.b64encode(os.urandom(32)).decode()
    assert not Visitor.objects.filter(**pii_lookup(Visitor, "id_number", ZHANG)).exists()
    call_command("rotate_pii_keys", "--reindex", stdout=io.StringIO())
    assert Visitor.objects.get(**pii_lookup(Visitor, "id_number", ZHANG)).case_id == case.pk


def test_personal_values_do_not_leak_through_joins_or_json(visit):
    import json

    visitor = Visitor.objects.get(case=visit)
    with pytest.raises(TypeError):
        "、".join([visitor.id_number])
    with pytest.raises(TypeError):
        json.dumps({"id": visitor.id_number})
    assert ZHANG not in repr(visitor.id_number)
