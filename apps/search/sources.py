"""Which records feed the index, found from the models themselves (no section app is named).

A source is any model with a foreign key or one-to-one named `case` to workflow.Case (every
section's domain record: a petition, a disclosure request, a subject under correction), or one
step further, a model whose foreign key points at such a record (the parties of a mediation
case). A section added later is indexed as soon as its models exist; nothing here changes.

From a source record the index takes:
* its plain text fields (CharField and TextField without choices; personal-data, hash, URL and
  slug fields excepted), short fields first, long ones cut at TEXT_FIELD_LIMIT characters;
* its number-like fields (`number`, `*_number`, `*_no`, `*_ref`) as exact keys;
* the blind index of each identity-number and phone field (apps.privacy), as exact keys with
  the masked value for display.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from apps.privacy import crypto
from apps.privacy.fields import BlindIndexField, PersonalDataField
from apps.privacy.kinds import get_kind
from apps.privacy.values import plain_text

# Engine and platform records are not matters of their own: the opinions and notices of a case
# are its business log, not what staff search for.
SKIPPED_APPS = {"workflow", "search", "audit", "admin", "contenttypes", "sessions", "auth", "guardian"}
TEXT_FIELD_LIMIT = 2000
SEARCHABLE_KINDS = ("id_number", "phone")
NUMBER_SUFFIXES = ("_number", "_no", "_ref")
CASE_SOURCE = "workflow.case"


def is_number_field(field):
    return isinstance(field, models.CharField) and (field.name == "number" or field.name.endswith(NUMBER_SUFFIXES))


def _is_text_field(field):
    if not isinstance(field, (models.CharField, models.TextField)):
        return False
    if isinstance(field, (PersonalDataField, BlindIndexField, models.URLField, models.SlugField, models.EmailField)):
        return False
    if field.choices or field.name.endswith(("sha256", "_hash", "_url", "_name_hash")) or field.name == "pdf_name":
        return False
    return True


def _case_field(model):
    from apps.workflow.models import Case

    try:
        field = model._meta.get_field("case")
    except FieldDoesNotExist:
        return None
    if getattr(field, "concrete", False) and (field.many_to_one or field.one_to_one) and field.related_model is Case:
        return field
    return None


@dataclass(frozen=True)
class Source:
    model: type
    # ORM path from the record to its case id: "case_id", or "<fk>__case_id" one step further.
    case_path: str
    # attname of the foreign key in front of the case, for a one-step source ("" when direct).
    via: str
    text_fields: tuple
    number_fields: tuple
    pii_fields: tuple

    @property
    def label(self):
        return self.model._meta.label_lower

    def key(self, pk):
        return f"{self.label}:{pk}"

    @property
    def fields(self):
        """Names of the fields whose change matters to the index."""
        return {f.name for f in self.text_fields} | {f.name for f in self.pii_fields} | {self.via or "case"}


def _source(model, case_path, via):
    concrete = model._meta.concrete_fields
    texts = [f for f in concrete if _is_text_field(f)]
    # short fields (names, numbers, titles) before long ones: they matter most and always fit
    texts.sort(key=lambda f: (isinstance(f, models.TextField), f.creation_counter))
    pii = [f for f in concrete if isinstance(f, PersonalDataField) and f.kind in SEARCHABLE_KINDS]
    numbers = [f for f in texts if is_number_field(f)]
    if not texts and not pii:
        return None
    return Source(model, case_path, via, tuple(texts), tuple(numbers), tuple(pii))


@lru_cache(maxsize=1)
def sources():
    """Every model feeding the index, with how its records reach their case."""
    direct, found = {}, []
    for model in apps.get_models():
        if model._meta.app_label in SKIPPED_APPS or hasattr(model, "instance_type"):
            continue  # engine tables, and simple-history's copies of a model
        if _case_field(model) is not None:
            direct[model] = True
            source = _source(model, "case_id", "")
            if source:
                found.append(source)
    for model in apps.get_models():
        if model in direct or model._meta.app_label in SKIPPED_APPS or hasattr(model, "instance_type"):
            continue
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model in direct and field.related_model is not model:
                source = _source(model, f"{field.name}__case_id", field.attname)
                if source:
                    found.append(source)
                break
    return tuple(found)


def source_for(model):
    for source in sources():
        if source.model is model:
            return source
    return None


# --- what a record contributes ------------------------------------------------------------------


def record_texts(source, obj):
    texts = []
    for field in source.text_fields:
        value = getattr(obj, field.attname, "") or ""
        if value:
            texts.append(str(value)[:TEXT_FIELD_LIMIT])
    return texts


def blind_key(kind_code, plain):
    """The blind index of a value of `kind_code` (the same keyed hash BlindIndexField stores,
    computed here too for fields that have no index column of their own)."""
    kind = get_kind(kind_code)
    return crypto.blind_index(kind.code, kind.search_form(kind.normalise(plain)))


def record_keys(source, obj):
    """[(kind, value, label, masked)] of a record's exact keys."""
    from .text import number_key

    keys = []
    model_label = str(source.model._meta.verbose_name)
    for field in source.number_fields:
        value = number_key(getattr(obj, field.attname, ""))
        if value:
            keys.append(("number", value[:200], f"{model_label}·{field.verbose_name}", ""))
    for field in source.pii_fields:
        plain = plain_text(getattr(obj, field.attname, None))
        if plain:
            kind = get_kind(field.kind)
            keys.append(
                (field.kind, blind_key(field.kind, plain), f"{model_label}·{field.verbose_name}", kind.mask(plain))
            )
    return keys


def case_texts(case):
    return [t for t in (case.number, case.title) if t]


def case_keys(case):
    from .text import number_key

    value = number_key(case.number)
    return [("number", value[:200], "编号", "")] if value else []
