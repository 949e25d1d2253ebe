"""The disclosure app's lines of the URL walk (tests/workflow/test_permissions.py url_table)."""

from django.utils import timezone

from apps.disclosure import services
from apps.disclosure.models import ProactiveCategory
from tests.disclosure.factories import new_item, new_request


def disclosure_urls(world, expect, everyone):
    p = world.people
    today = timezone.localdate()
    # registered by the office clerk (the handler), in 补正; the office chief, its division
    # leader and the director see it; the lawyers' section does not
    case = new_request(p.clerk, received_on=today)
    services.notify_supplement(case.pk, p.clerk, today, "请写明所需信息的文号。")
    # a second one with its 处理单 issued, at the office chief's 批示 (the lawyers' section, named
    # responsible, sees it only once it reaches them)
    sheet = new_request(p.clerk, received_on=today)
    services.confirm_clear(sheet.pk, p.clerk, today)
    services.issue_sheet(sheet.pk, p.clerk, p.outsider.section, "拟由律师工作管理科办理。", today)
    item = new_item(p.clerk, formed_on=today)
    office = dict(clerk=200, chief=200, leader=200, director=200)
    return {
        "disclosure:list": [
            ("/disclosure/", everyone(200)),
            ("/disclosure/?export=xlsx&stage=supplement", everyone(200)),
        ],
        "disclosure:new": [("/disclosure/new/", expect(business=200, admins=403))],
        "disclosure:act": [
            (f"/disclosure/{case.pk}/received", everyone(405)),  # POST only
            (f"/disclosure/{sheet.pk}/sheet", everyone(405)),
            (f"/disclosure/{sheet.pk}/draft", everyone(405)),
        ],
        "disclosure:print": [
            (f"/disclosure/{case.pk}/print/supplement.pdf", expect(business=404, admins=404, **office)),
            (f"/disclosure/{sheet.pk}/print/sheet.pdf", expect(business=404, admins=404, **office)),
            (
                f"/disclosure/{case.pk}/print/sheet.pdf",
                expect(business=404, admins=404, **{k: f"→/cases/{case.pk}/" for k in office}),
            ),  # none yet
            (f"/disclosure/{case.pk}/print/nothing.pdf", everyone(404)),
        ],
        "disclosure:proactive_list": [("/disclosure/proactive/", everyone(200))],
        "disclosure:proactive_new": [("/disclosure/proactive/new/", expect(business=200, admins=403))],
        "disclosure:proactive_publish": [(f"/disclosure/proactive/{item.pk}/publish", everyone(405))],
        "disclosure:proactive_print": [
            (f"/disclosure/proactive/{item.pk}/print/review.pdf", expect(business=404, admins=404, **office)),
            (f"/disclosure/proactive/{case.pk}/print/review.pdf", everyone(404)),  # not a proactive item
        ],
        # the figures count only what the viewer may see (administrators: nothing)
        "disclosure:report": [
            ("/disclosure/report/", everyone(200)),
            ("/disclosure/report/?year=2025&export=xlsx", everyone(200)),
        ],
        "disclosure:report_open": [("/disclosure/report/open", everyone(405))],
        "disclosure:report_publish": [(f"/disclosure/report/{item.pk}/publish", everyone(405))],
    }


def admin_disclosure(label):
    # a category nothing was published under (one with items cannot be deleted)
    category, _ = ProactiveCategory.objects.get_or_create(name="机构职能", defaults={"column": "机构职能", "order": 10})
    category.save()  # a history row (migration-seeded rows have none)
    return category
