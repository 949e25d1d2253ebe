"""The legal_services app's lines of the URL walk (tests/workflow/test_permissions.py url_table).

The world's personas are the office, the lawyers' section and the leadership: none of them
belongs to 公共法律服务管理科 or leads it, so every page of the section is 404 to them except the
hub (which says whom it is for) and the director, who oversees every section."""

from datetime import date

from apps.legal_services import penalties, services
from apps.legal_services.models import UnitKind
from tests.legal_services.factories import Section, committee, mediation, objection


def urls(world, expect, everyone):
    s = Section(world.bureau)
    unit = committee(s.clerk)
    office = services.save_unit(s.clerk, {"kind": UnitKind.GRASSROOTS_OFFICE, "name": "稷下法律服务所"})
    person = services.save_person(s.clerk, {"kind": "mediator", "name": "李红", "unit": unit})
    app = services.save_aid_application(
        s.clerk, {"applicant": "张三", "matter": "劳动报酬", "received_on": date(2026, 9, 28)}
    )
    case = objection(s.clerk)
    med = mediation(s.clerk, unit)
    sel = services.start_selection(s.clerk, 2026, 5, 1)
    lic = services.receive_licence(
        s.clerk, {"kind": "practice", "applicant": "吴某", "office": office, "received_on": date(2026, 9, 28)}
    )
    plan = services.save_plan(s.clerk, {"duty": "6.3", "title": "平台建设要点", "kind": "points"})
    worker = services.save_person(s.clerk, {"kind": "grassroots_worker", "name": "周平", "unit": office})
    pen = penalties.file_case(
        s.clerk,
        {
            "subject": "worker",
            "person": worker,
            "source": "inspection",
            "facts_alleged": "以律师名义执业",
            "filed_on": date(2026, 9, 28),
        },
    )
    only_director = expect(business=404, admins=404, director=200)
    director_forbidden = expect(business=404, admins=404, director=403)
    post_only = everyone(405)
    return {
        "legal_services:home": [("/legal-services/", expect(business=200, admins=200))],
        "legal_services:units": [
            ("/legal-services/units/", only_director),
            ("/legal-services/units/?export=xlsx", only_director),
        ],
        "legal_services:unit_new": [("/legal-services/units/new/", director_forbidden)],
        "legal_services:unit_detail": [(f"/legal-services/units/{unit.pk}/", only_director)],
        "legal_services:unit_edit": [(f"/legal-services/units/{unit.pk}/edit/", director_forbidden)],
        "legal_services:people": [
            ("/legal-services/people/", only_director),
            ("/legal-services/people/?export=xlsx", only_director),
        ],
        "legal_services:person_new": [("/legal-services/people/new/", director_forbidden)],
        "legal_services:person_detail": [(f"/legal-services/people/{person.pk}/", only_director)],
        "legal_services:person_edit": [(f"/legal-services/people/{person.pk}/edit/", director_forbidden)],
        "legal_services:aid_list": [
            ("/legal-services/aid/", only_director),
            ("/legal-services/aid/?export=xlsx", only_director),
        ],
        "legal_services:aid_new": [("/legal-services/aid/new/", director_forbidden)],
        "legal_services:aid_detail": [(f"/legal-services/aid/{app.pk}/", only_director)],
        "legal_services:aid_edit": [(f"/legal-services/aid/{app.pk}/edit/", director_forbidden)],
        "legal_services:objections": [("/legal-services/objections/", only_director)],
        "legal_services:objection_new": [("/legal-services/objections/new/", director_forbidden)],
        "legal_services:objection_draft": [(f"/legal-services/objections/{case.pk}/draft", post_only)],
        "legal_services:objection_issue": [(f"/legal-services/objections/{case.pk}/issue", post_only)],
        "legal_services:mediations": [
            ("/legal-services/mediation/", only_director),
            ("/legal-services/mediation/?export=xlsx", only_director),
        ],
        "legal_services:mediation_new": [("/legal-services/mediation/new/", director_forbidden)],
        "legal_services:mediation_stats": [
            ("/legal-services/mediation/stats/?month=2026-09", only_director),
            ("/legal-services/mediation/stats/?month=2026-09&export=xlsx", only_director),
        ],
        "legal_services:mediation_step": [(f"/legal-services/mediation/{med.pk}/notify", post_only)],
        "legal_services:assessors": [
            ("/legal-services/assessors/", only_director),
            ("/legal-services/assessors/?export=xlsx", only_director),
        ],
        "legal_services:assessor_new": [("/legal-services/assessors/new/", director_forbidden)],
        "legal_services:selections": [("/legal-services/selections/", only_director)],
        "legal_services:selection_new": [("/legal-services/selections/new/", director_forbidden)],
        "legal_services:selection_recheck": [(f"/legal-services/selections/{sel.pk}/recheck/", only_director)],
        "legal_services:selection_step": [(f"/legal-services/selections/{sel.pk}/call", post_only)],
        "legal_services:licences": [("/legal-services/licences/", only_director)],
        "legal_services:licence_new": [("/legal-services/licences/new/", director_forbidden)],
        "legal_services:licence_step": [(f"/legal-services/licences/{lic.pk}/check", post_only)],
        "legal_services:penalties": [("/legal-services/penalties/", only_director)],
        "legal_services:penalty_new": [("/legal-services/penalties/new/", director_forbidden)],
        "legal_services:penalty_step": [(f"/legal-services/penalties/{pen.pk}/note", post_only)],
        "legal_services:print": [
            (
                f"/legal-services/{case.pk}/print/objection-decision.pdf",
                expect(business=404, admins=404, director=f"→{case.get_absolute_url()}"),
            )
        ],
        "legal_services:plans": [("/legal-services/plans/", only_director)],
        "legal_services:plan_new": [("/legal-services/plans/new/", director_forbidden)],
        "legal_services:plan_detail": [(f"/legal-services/plans/{plan.pk}/", only_director)],
        "legal_services:plan_edit": [(f"/legal-services/plans/{plan.pk}/edit/", director_forbidden)],
        "legal_services:stats": [
            ("/legal-services/stats/", only_director),
            ("/legal-services/stats/?export=xlsx", only_director),
        ],
    }
