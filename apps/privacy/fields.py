"""PersonalDataField and BlindIndexField: identity numbers, phones and addresses, the one way.

    from apps.privacy.fields import BlindIndexField, PersonalDataField, pii_lookup

    class Visitor(models.Model):
        id_number = PersonalDataField("身份证号码", kind="id_number", purpose="核实来访人身份")
        id_number_index = BlindIndexField(source="id_number")
        ...
        objects = VisitorQuerySet.as_manager()   # with visible_to(user): the reveal view needs it

    Visitor.objects.visible_to(user).filter(**pii_lookup(Visitor, "id_number", typed))

* Stored encrypted (apps/privacy/crypto.py); the column holds only the token.
* Validated and normalised by kind (apps/privacy/kinds.py), in forms and in full_clean().
* Read back as a PersonalValue: masked wherever it becomes text; `.plain` for the entitled.
* Not queryable by value (the ciphertext is randomised): exact search goes through the blind
  index column that BlindIndexField keeps up to date on save. Save with update_fields must name
  the index with the field (enforced); QuerySet.update() must not be used on these columns.
* `purpose` is required: it is the personal-data inventory (apps/privacy/inventory.py).
"""

from django import forms
from django.core import checks
from django.core.exceptions import FieldError, ValidationError
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from . import crypto
from .kinds import KINDS, get_kind
from .values import PersonalValue, plain_text

ALLOWED_LOOKUPS = {"isnull"}


class PersonalValueAttribute(DeferredAttribute):
    """Whatever is assigned (a form's str, a decrypted value) is held as a PersonalValue."""

    def __set__(self, instance, value):
        if isinstance(value, str) and value != "":
            value = PersonalValue(value, self.field.kind)
        instance.__dict__[self.field.attname] = value


class PersonalDataFormField(forms.CharField):
    def __init__(self, *, kind, **kwargs):
        self.kind = get_kind(kind)
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        # The edit form of a record shows what is stored (whoever may edit it handles it).
        return plain_text(value) if isinstance(value, PersonalValue) else value

    def to_python(self, value):
        value = super().to_python(plain_text(value) if isinstance(value, PersonalValue) else value)
        return self.kind.normalise(value) if value not in self.empty_values else value

    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values:
            self.kind.validate(value)


class PersonalDataField(models.TextField):
    descriptor_class = PersonalValueAttribute

    def __init__(self, *args, kind=None, purpose="", **kwargs):
        self.kind = kind
        self.purpose = purpose
        super().__init__(*args, **kwargs)

    # --- declaration -------------------------------------------------------------------------

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.kind
        kwargs["purpose"] = self.purpose
        return name, "apps.privacy.fields.PersonalDataField", args, kwargs

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        where = f"{self.model._meta.label}.{self.name}"
        if self.kind not in KINDS:
            errors.append(checks.Error(f"{where}: kind 必须是 {', '.join(KINDS)} 之一。", obj=self, id="privacy.E010"))
        if not (self.purpose or "").strip():
            errors.append(
                checks.Error(
                    f"{where}: 个人信息字段必须写明处理目的（purpose=...），以列入个人信息清单。",
                    obj=self,
                    id="privacy.E011",
                )
            )
        if self.unique or self.db_index:
            errors.append(
                checks.Error(
                    f"{where}: 密文每次不同，唯一约束或索引无意义；按值查找请用 BlindIndexField。",
                    obj=self,
                    id="privacy.E012",
                )
            )
        # (simple-history's copies of a model are reached through the model, never directly)
        if not self.model._meta.abstract and not hasattr(self.model, "instance_type"):
            manager = self.model._default_manager
            if not callable(getattr(manager, "visible_to", None)):
                errors.append(
                    checks.Error(
                        f"{where}: 含个人信息的模型的默认管理器必须提供 visible_to(user)（查看完整信息时据此判断可见性）。",
                        obj=self,
                        id="privacy.E013",
                    )
                )
        return errors

    # --- the database side -------------------------------------------------------------------

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return PersonalValue(crypto.decrypt(value, self.kind), self.kind)

    def to_python(self, value):
        if value is None or value == "":
            return value
        return PersonalValue(get_kind(self.kind).normalise(plain_text(value)), self.kind)

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        text = plain_text(value)
        return crypto.encrypt(text, self.kind) if text else ""

    def get_lookup(self, lookup_name):
        if lookup_name not in ALLOWED_LOOKUPS:
            raise FieldError(
                f"个人信息字段 {self.model._meta.label}.{self.name} 以密文保存，不能按值查询（{lookup_name}）；"
                "按完整号码查找请用 apps.privacy.fields.pii_lookup()。"
            )
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name):
        return None

    def run_validators(self, value):
        super().run_validators(value)
        if value not in self.empty_values:
            get_kind(self.kind).validate(plain_text(value))

    def value_to_string(self, obj):
        # Serialisation (dumpdata) moves data between databases: the full value, as Django's
        # own fields do. Backups use pg_dump and carry the ciphertext instead.
        return plain_text(self.value_from_object(obj))

    def formfield(self, **kwargs):
        defaults = {"form_class": PersonalDataFormField, "kind": self.kind, "widget": forms.TextInput}
        defaults.update(kwargs)
        # TextField.formfield would force a Textarea; go straight to Field.formfield.
        return models.Field.formfield(self, **defaults)


class BlindIndexField(models.CharField):
    """The keyed hash of a PersonalDataField's value, for exact search; set on every save."""

    def __init__(self, *args, source=None, **kwargs):
        self.source = source
        kwargs.update(max_length=64, editable=False, blank=True, default="")
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key in ("max_length", "editable", "blank", "default"):
            kwargs.pop(key, None)
        kwargs["source"] = self.source
        return name, "apps.privacy.fields.BlindIndexField", args, kwargs

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        try:
            source = self.model._meta.get_field(self.source or "")
        except Exception:
            source = None
        if not isinstance(source, PersonalDataField):
            errors.append(
                checks.Error(
                    f"{self.model._meta.label}.{self.name}: source 必须是同一模型的 PersonalDataField。",
                    obj=self,
                    id="privacy.E014",
                )
            )
        return errors

    def source_field(self):
        return self.model._meta.get_field(self.source)

    def compute(self, value):
        text = plain_text(value)
        if not text:
            return ""
        kind = get_kind(self.source_field().kind)
        return crypto.blind_index(kind.code, kind.search_form(text))

    def pre_save(self, model_instance, add):
        value = self.compute(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def index_field_for(model, field_name):
    for field in model._meta.concrete_fields:
        if isinstance(field, BlindIndexField) and field.source == field_name:
            return field
    return None


def pii_lookup(model, field_name, value):
    """Filter keyword arguments finding rows of `model` whose `field_name` equals `value`
    (typed in any form the field accepts: spaces, full-width digits, +86...)."""
    field = model._meta.get_field(field_name)
    if not isinstance(field, PersonalDataField):
        raise FieldError(f"{model._meta.label}.{field_name} 不是个人信息字段。")
    index = index_field_for(model, field_name)
    if index is None:
        raise FieldError(f"{model._meta.label}.{field_name} 没有检索索引（BlindIndexField(source=...)）。")
    kind = get_kind(field.kind)
    return {index.attname: crypto.blind_index(kind.code, kind.search_form(kind.normalise(value)))}


def personal_data_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, PersonalDataField)]


def check_update_fields(sender, instance, update_fields=None, **kwargs):
    """pre_save guard: saving a personal-data field with update_fields but not its index would
    leave the index pointing at the old value."""
    if not update_fields:
        return
    for field in personal_data_fields(sender):
        index = index_field_for(sender, field.name)
        if field.name in update_fields and index is not None and index.name not in update_fields:
            raise ValidationError(
                f"保存 {sender._meta.label}.{field.name} 时必须同时保存其检索索引 {index.name}（update_fields）。"
            )
