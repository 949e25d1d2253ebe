from django import template

register = template.Library()


@register.inclusion_tag("reconsideration/includes/_stepform.html", takes_context=True)
def recon_form(context, forms, key, move, heading, button, collapsed=False):
    """One step form of the case page, shown only when the page offers it."""
    return {
        "form": forms.get(key),
        "case": context["case"],
        "move": move,
        "heading": heading,
        "button": button,
        "collapsed": collapsed,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def application_window(record):
    from ..services import application_window as window

    rows, in_time = window(record)
    return {"rows": rows, "in_time": in_time}


@register.simple_tag
def objection_due(lawsuit):
    from ..services import OBJECTION_RULE, rule_due

    return rule_due(OBJECTION_RULE, lawsuit.served_on)


@register.filter
def lawsuit_clock(lawsuit, which):
    from ..services import APPEAL_ANSWER_RULE, APPEAL_RULES

    if which == "answer":
        return lawsuit.clock(APPEAL_ANSWER_RULE)
    return lawsuit.clock(APPEAL_RULES.get(lawsuit.judgment_kind, ""))


@register.filter
def has_absence(lawsuit):
    return any(not a.head_appeared for a in lawsuit.appearances.all())


@register.simple_tag
def norm_review_of(record):
    from ..services import norm_review_of as review

    return review(record)
