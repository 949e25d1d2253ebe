"""Who may see a personal-data value in full: the record's handlers, never its mere readers.

A model holding PersonalDataFields answers two questions:
* may the user see the record at all? its default manager's `visible_to(user)` (else 404);
* may the user see its personal data in full? `obj.can_reveal(user)` when the model defines
  it; otherwise, for a record of a case (a `case` foreign key or one-to-one), whether the user
  handles that case (apps.workflow CaseQuerySet.handled_by: the initiator, the holders of its
  work items, a current delegate). Readers, section members, leaders who only oversee, grantees
  and the administrators see masked values.
"""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404

from .fields import PersonalDataField


def reveal_target(user, model_label, pk, field_name):
    """(object, field) for a reveal request; Http404 for anything the user may not see."""
    try:
        model = apps.get_model(model_label)
        field = model._meta.get_field(field_name)
    except (LookupError, ValueError, FieldDoesNotExist):
        raise Http404 from None
    if not isinstance(field, PersonalDataField):
        raise Http404
    visible_to = getattr(model._default_manager, "visible_to", None)
    if not callable(visible_to):
        raise Http404
    return get_object_or_404(visible_to(user), pk=pk), field


def handles_case(user, case_id):
    from apps.workflow.models import Case

    return case_id is not None and Case.objects.handled_by(user).filter(pk=case_id).exists()


def can_reveal(obj, user):
    hook = getattr(obj, "can_reveal", None)
    if callable(hook):
        return bool(hook(user))
    try:
        obj._meta.get_field("case")
    except FieldDoesNotExist:
        return False
    return handles_case(user, getattr(obj, "case_id", None))
