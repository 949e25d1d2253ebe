"""Review, filing and clean-up cases through the app's own services."""

from datetime import date

from apps.normative_files import services
from apps.normative_files.models import NORMATIVE_MATERIALS, Kind
from apps.org.models import ExternalUnit
from apps.workflow.models import Task

ALL = [key for key, _label, _required in NORMATIVE_MATERIALS]


def unit(code="dept_market"):
    return ExternalUnit.objects.get(code=code)


def new_review(user, received_on=date(2026, 9, 28), materials=ALL, kind=Kind.NORMATIVE, major=False, **extra):
    data = {
        "kind": kind,
        "title": extra.pop("title", "临淄区市场主体登记便利化若干措施"),
        "drafter": extra.pop("drafter", unit()),
        "issuing_body": "临淄区人民政府",
        "received_on": received_on,
        "planned_on": extra.pop("planned_on", None),
        "major": major,
        "materials": list(materials),
    }
    return services.register_review(user, data)


def task_of(case, user):
    return Task.objects.get(case=case, assignee=user, status=Task.Status.PENDING)


def approve(case, user, opinion="同意"):
    from apps.workflow import api

    api.approve(case.pk, task_of(case, user).pk, user, opinion)


OK_POINTS = {
    key: {"verdict": "ok", "note": ""}
    for key in ("subject", "competence", "content", "powers", "rights", "procedure", "other", "competence")
}


def reviewed(case, team, on=date(2026, 9, 29), conclusion="lawful", major=False):
    services.record_points(case.pk, team.handler, OK_POINTS, on)
    services.submit_opinion(case.pk, team.handler, conclusion, "经审核，该文件符合法律规定。", major, on)
    approve(case, team.chief)
    approve(case, team.leader)
    if major:
        approve(case, team.director)
    case.refresh_from_db()
    return case


def published(team, received_on=date(2026, 9, 14), published_on=date(2026, 9, 16), title="临淄区文件甲"):
    case = new_review(team.handler, received_on=received_on, title=title)
    reviewed(case, team, on=received_on)
    services.issue_opinion(case.pk, team.handler, received_on)
    services.register_file(case.pk, team.handler, received_on, "临政发〔2026〕1号", received_on)
    services.publish(case.pk, team.handler, published_on, "临淄区人民政府门户网站")
    case.refresh_from_db()
    return case
