"""The secrecy app's lines of the URL walk (tests/workflow/test_permissions.py url_table).

The office keeps the records (its clerk and chief open the forms), its division leader and the
director read them; anyone else and the administrators are refused (403)."""

from datetime import date

from apps.secrecy import services


def urls(world, expect, everyone):
    p = world.people
    training = services.record_training(
        p.clerk, {"held_on": date(2026, 6, 1), "title": "巡检培训", "trainer": "甲", "hours": 2, "people": [p.clerk]}
    )
    inspection = services.record_self_inspection(p.clerk, {"conducted_on": date(2026, 6, 2), "scope": "巡检自查"})
    carrier = services.register_carrier(
        p.clerk,
        {
            "number": "WALK-1",
            "kind": "media",
            "name": "巡检U盘",
            "level": "secret",
            "keeper": p.clerk,
            "location": "柜",
            "registered_on": date(2026, 1, 1),
        },
    )
    check = services.record_check(
        p.clerk, {"checked_on": date(2026, 6, 3), "checkers": "甲、乙"}, {carrier.pk: ("ok", "")}
    )
    read = expect(business=403, admins=403, clerk=200, chief=200, leader=200, director=200)
    keep = expect(business=403, admins=403, clerk=200, chief=200)
    return {
        "secrecy:home": [("/secrecy/", read)],
        "secrecy:pledges": [("/secrecy/pledges/", read), ("/secrecy/pledges/?export=xlsx", read)],
        "secrecy:pledge_new": [("/secrecy/pledges/new/", keep)],
        "secrecy:trainings": [("/secrecy/trainings/", read)],
        "secrecy:training_new": [("/secrecy/trainings/new/", keep)],
        "secrecy:training": [(f"/secrecy/trainings/{training.pk}/", read)],
        "secrecy:inspections": [("/secrecy/inspections/", read)],
        "secrecy:inspection_new": [("/secrecy/inspections/new/", keep)],
        "secrecy:inspection": [(f"/secrecy/inspections/{inspection.pk}/", read)],
        "secrecy:carriers": [("/secrecy/carriers/", read), ("/secrecy/carriers/?export=xlsx", read)],
        "secrecy:carrier_new": [("/secrecy/carriers/new/", keep)],
        "secrecy:carrier_close": [(f"/secrecy/carriers/{carrier.pk}/close/", everyone(405))],
        "secrecy:check_new": [("/secrecy/checks/new/", keep)],
        "secrecy:check": [(f"/secrecy/checks/{check.pk}/", read)],
    }
