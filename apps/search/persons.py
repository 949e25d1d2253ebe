"""One person, all their matters: the other cases holding the same identity number.

The same person is the same blind index (apps.privacy): no name matching, no guessing. The
viewer sees the cases they may open (Case.objects.visible_to) and only a count of the others,
never their titles, numbers or sections.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from apps.privacy.fields import PersonalDataField
from apps.privacy.values import plain_text
from apps.workflow.models import Case
from apps.workflow.processes import all_processes

from .models import SearchKey
from .sources import blind_key

LIMIT = 20


@dataclass
class Matters:
    rows: list = field(default_factory=list)  # [(case, process label)], newest first
    visible: int = 0
    hidden: int = 0
    kind_label: str = "身份证号码"

    @property
    def more(self):
        return self.visible - len(self.rows)


def id_field(model, field_name=""):
    """The identity-number field of `model` (the one named, or the first of kind id_number)."""
    for f in model._meta.concrete_fields:
        if isinstance(f, PersonalDataField) and (f.name == field_name or (not field_name and f.kind == "id_number")):
            return f
    return None


def _keys_of(subject, field_name=""):
    """(Q over SearchKey for the person, the case to leave out) or (None, None)."""
    if isinstance(subject, Case):
        ids = SearchKey.objects.filter(case=subject, kind=SearchKey.Kind.ID_NUMBER).values("value")
        return Q(kind=SearchKey.Kind.ID_NUMBER, value__in=ids), subject.pk
    f = id_field(type(subject), field_name)
    plain = plain_text(getattr(subject, f.attname, None)) if f is not None else ""
    if not plain:
        return None, None
    return Q(kind=f.kind, value=blind_key(f.kind, plain)), getattr(subject, "case_id", None)


def other_matters(user, subject, field_name=""):
    """Matters of the person of `subject` (a case, or a record and its ID-number field) other
    than `subject`'s own case: two queries whatever their number."""
    keys, own_case = _keys_of(subject, field_name)
    if keys is None:
        return None
    others = SearchKey.objects.filter(keys)
    if own_case is not None:
        others = others.exclude(case_id=own_case)
    others = others.values("case_id")
    visible = Case.objects.visible_to(user).filter(pk__in=others)
    counts = Case.objects.filter(pk__in=others).aggregate(
        total=Count("pk"), visible=Count("pk", filter=Q(pk__in=visible.values("pk")))
    )
    processes = all_processes()
    rows = []
    if counts["visible"]:
        for case in visible.select_related("section").order_by("-created_at", "-pk")[:LIMIT]:
            process = processes.get(case.process)
            rows.append((case, process.label if process else case.process))
    return Matters(rows=rows, visible=counts["visible"], hidden=counts["total"] - counts["visible"])
