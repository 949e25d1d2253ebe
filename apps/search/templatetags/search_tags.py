"""{% same_person obj "id_number" %} or {% same_person case %}: the person's other matters.

One inclusion tag for every page that shows a person (a petitioner, an applicant, a subject
under correction): the matters of the same identity number the viewer may open, and a count
of those they may not, without details. Two queries, whatever the number of matters.
"""

from django import template

from ..persons import other_matters

register = template.Library()


@register.inclusion_tag("search/includes/_same_person.html", takes_context=True)
def same_person(context, subject, field_name=""):
    request = context.get("request")
    user = getattr(request, "user", None)
    if subject is None or user is None or not user.is_authenticated:
        return {"matters": None}
    return {"matters": other_matters(user, subject, field_name)}
