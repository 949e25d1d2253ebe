"""The IT projects app's lines of the URL walk (office handles, its division leader and the director read)."""

from decimal import Decimal

from apps.it_projects import services


def urls(world, expect, everyone):
    p = world.people
    project = services.request_project(
        p.clerk,
        {
            "title": "巡检项目",
            "source": "section",
            "user_section": world.bureau["lawyers"],
            "need": "巡检",
            "plan": "巡检",
            "budget": Decimal("100"),
        },
    )
    read = expect(business=403, admins=403, clerk=200, chief=200, leader=200, director=200)
    # not accepted yet: the office is told why (refuse_print), others never see the case
    back = f"→/cases/{project.case_id}/"
    print_refused = expect(business=404, admins=404, clerk=back, chief=back, leader=back, director=back)
    keep = expect(business=403, admins=403, clerk=200, chief=200)
    return {
        "it_projects:home": [("/it-projects/", read), ("/it-projects/?export=xlsx", read)],
        "it_projects:new": [("/it-projects/new/", keep)],
        "it_projects:acceptance_pdf": [(f"/it-projects/{project.case_id}/acceptance.pdf", print_refused)],
        "it_projects:act": [(f"/it-projects/{project.case_id}/procure/", everyone(405))],
    }
