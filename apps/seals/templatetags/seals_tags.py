"""Forms and links the seals app puts inside the engine's case page."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from apps.workflow.models import Case

from ..forms import RegisterSealForm, StampForm
from ..models import Seal

register = template.Library()


@register.simple_tag
def stamp_form(use):
    return StampForm(remaining=use.remaining_copies)


@register.simple_tag
def register_form(carving):
    return RegisterSealForm(carving=carving)


@register.simple_tag
def linked_document(use, user):
    """The linked outgoing document, only if this viewer may see it (its title is not leaked)."""
    if not use.document_case_id:
        return None
    return Case.objects.visible_to(user).filter(pk=use.document_case_id).first()


@register.simple_tag
def seal_link(seal, user):
    if Seal.objects.visible_to(user).filter(pk=seal.pk).exists():
        return format_html('<a href="{}">{}</a>', reverse("seals:seal_detail", args=[seal.pk]), seal.name)
    return seal.name
