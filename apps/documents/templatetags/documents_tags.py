"""What the documents app shows inside the engine's case page, filtered for the viewer: a linked
document the viewer may not see is not named (its title would leak)."""

from django import template

from ..models import IncomingDocument, OutgoingDocument
from ..services import seal_requests

register = template.Library()


@register.simple_tag
def visible_replies(incoming, user):
    """复文: the outgoing documents drafted in reply to this incoming one that `user` may see."""
    return list(
        OutgoingDocument.objects.visible_to(user)
        .filter(in_reply_to=incoming)
        .select_related("case")
        .order_by("case__created_at")
    )


@register.simple_tag
def visible_source(outgoing, user):
    """The incoming document this one answers, if `user` may see it."""
    if not outgoing.in_reply_to_id:
        return None
    return IncomingDocument.objects.visible_to(user).filter(pk=outgoing.in_reply_to_id).select_related("case").first()


@register.simple_tag
def visible_seal_requests(case, user):
    """The seal-use requests naming this document that `user` may see; None without apps.seals."""
    requests = seal_requests(case)
    if requests is None:
        return None
    return list(requests.filter(case__in=type(case).objects.visible_to(user).values("pk")))


@register.simple_tag
def task_for(my_tasks, step):
    """The viewer's pending task of `step` on this case, or None."""
    return next((t for t in my_tasks if t.step == step), None)


@register.filter
def startswith(value, prefix):
    return str(value).startswith(prefix)
