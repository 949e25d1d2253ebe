"""The personal-data inventory: every field that looks like an identity number, a phone or an
address is a PersonalDataField with a stated purpose (or is listed, with the reason, as not
personal data). A new model with a plain `id_number` or `联系电话` column fails here."""

import io

import pytest
from django.core.management import call_command
from django.db import models

from apps.privacy.inventory import NOT_PERSONAL_DATA, inventory, looks_like_personal_data, unprotected_fields


def test_every_personal_looking_field_is_protected_and_has_a_purpose():
    assert unprotected_fields() == []


def test_the_walk_would_catch_an_unprotected_field():
    for name, label in [
        ("id_number", "编号"),
        ("mobile", "x"),
        ("home_address", "x"),
        ("contact", "联系电话"),
        ("idcard", "x"),
        ("note", "身份证复印件说明"),
    ]:
        field = models.CharField(label, max_length=20)
        field.set_attributes_from_name(name)
        assert looks_like_personal_data(field), name
    for name, label in [("ip", "来源地址"), ("email", "电子邮件地址"), ("title", "标题"), ("telescope", "x")]:
        field = (
            models.GenericIPAddressField(label)
            if name == "ip"
            else (models.EmailField(label) if name == "email" else models.CharField(label, max_length=20))
        )
        field.set_attributes_from_name(name)
        assert not looks_like_personal_data(field), name


def test_exemptions_name_real_fields():
    from django.apps import apps

    for label in NOT_PERSONAL_DATA:
        app_model, field = label.rsplit(".", 1)
        apps.get_model(app_model)._meta.get_field(field)


@pytest.mark.django_db
def test_the_inventory_lists_fields_with_their_purposes():
    rows = {(r["model"], r["field"]): r for r in inventory()}
    visitor = rows[("privacy_app.Visitor", "id_number")]
    assert visitor["purpose"] and visitor["searchable"] and visitor["history"]
    assert not rows[("privacy_app.Visitor", "address")]["searchable"]
    assert not any(model.startswith("privacy_app.Historical") for model, _ in rows)
    out = io.StringIO()
    call_command("pii_inventory", stdout=out)
    assert "来访登记（privacy_app.Visitor）· 身份证号码（身份证号码）：核实来访人身份" in out.getvalue()
