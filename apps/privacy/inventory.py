"""The personal-data inventory (个人信息处理清单, PIPL art. 51/55): every model field holding an
identity number, a phone or an address, with its purpose, from the fields themselves.

`unprotected_fields()` lists fields whose name or label looks like such data but that are not
PersonalDataFields with a purpose; tests/privacy/test_inventory.py fails on any of them. A
field that matches by name but holds no data of a data subject is listed in NOT_PERSONAL_DATA
with the reason.
"""

import re

from django.apps import apps
from django.db import models

from .fields import BlindIndexField, PersonalDataField, index_field_for

PII_NAME = re.compile(
    r"(?:^|_)(?:id_?(?:number|no|card)|idcard|identity|citizen_id|phone|mobile|tel|telephone|cellphone|"
    r"address|addr|domicile|residence)(?:$|_)",
    re.IGNORECASE,
)
PII_LABEL = re.compile(r"身份证|证件号|手机|电话|住址|地址|户籍|居住地|联系方式")

# "model label.field": why it is not personal data of a data subject.
NOT_PERSONAL_DATA = {
    "accounts.User.phone": "办公电话：工作人员的单位电话，印在机关通讯录上，属于单位的工作联系方式。",
    "duty.DutyRoster.phone": "值班电话：本局值班室的公开号码，印在报送上级的值班表上。",
    "duty.Shift.phone": "班次联系电话：值班期间的工作联系方式，随值班表报送上级、供来电联系，不是当事人的个人信息。",
    "accounts.LoginFailure.ip": "来源 IP 地址：登录失败计数按账号和来源地址（等保要求），不是住址。",
    "lawyers.LawFirm.address": "律师事务所住所：执业机构的登记地址，执业许可证上公开载明，不是个人住址。",
    "lawyers.LawFirm.office_phone": "律师事务所办公电话：执业机构对外公布的联系电话，不是个人号码。",
    "legal_services.ServiceUnit.address": "法律服务机构（公证处、调解组织、基层法律服务所等）的办公地址，对外公布，不是个人住址。",
}
# Network and e-mail addresses are not postal addresses (the source address of the audit log
# is required by 等保; staff e-mail addresses are the bureau's).
NOT_POSTAL = (models.GenericIPAddressField, models.EmailField)


def base_model(model):
    """The model a simple-history copy records (its fields are declared there)."""
    return getattr(model, "instance_type", model)


def looks_like_personal_data(field):
    if isinstance(field, (BlindIndexField, *NOT_POSTAL)) or field.is_relation:
        return False
    return bool(PII_NAME.search(field.name) or PII_LABEL.search(str(getattr(field, "verbose_name", ""))))


def unprotected_fields():
    """[(label, reason)] of fields that look like personal data and are not protected."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not looks_like_personal_data(field):
                continue
            label = f"{base_model(model)._meta.label}.{field.name}"
            if label in NOT_PERSONAL_DATA:
                continue
            if not isinstance(field, PersonalDataField):
                found.append((f"{model._meta.label}.{field.name}", "不是 PersonalDataField（未加密、未脱敏）"))
            elif not (field.purpose or "").strip():
                found.append((f"{model._meta.label}.{field.name}", "没有写明处理目的（purpose）"))
    return found


def inventory():
    """One row per personal-data field of a model (history copies are noted on their model)."""
    rows = []
    for model in apps.get_models():
        if base_model(model) is not model:
            continue
        history = getattr(model._meta, "simple_history_manager_attribute", None)
        for field in model._meta.concrete_fields:
            if isinstance(field, PersonalDataField):
                rows.append(
                    {
                        "model": model._meta.label,
                        "model_name": str(model._meta.verbose_name),
                        "field": field.name,
                        "label": str(field.verbose_name),
                        "kind": field.kind,
                        "purpose": field.purpose,
                        "searchable": index_field_for(model, field.name) is not None,
                        "history": bool(history),
                    }
                )
    return rows
