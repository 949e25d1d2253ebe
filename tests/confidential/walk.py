"""The classified register's lines of the URL walk (tests/workflow/test_permissions.py url_table).

Among the walk personas only the office chief keeps the register; the leader sees the entry
waiting for his 呈阅, the director and the lawyers' clerk the entry they read and handled."""

from tests.confidential.factories import classified_world


def confidential_urls(world, expect, everyone):
    """{url name: [(url, {walk persona: expected outcome})]} for every confidential URL."""
    cw = classified_world(world.people, world.bureau)
    draft, at_leader, handled = (cw.items[k].case_id for k in ("draft", "at_leader", "handled"))
    loan = cw.loan.case_id
    keeper_only = expect(business=404, admins=404, chief=200)
    return {
        "confidential:list": [("/confidential/", everyone(200)), ("/confidential/?export=xlsx", everyone(200))],
        "confidential:new": [("/confidential/new/", expect(business=403, admins=403, chief=200))],
        "confidential:detail": [
            (f"/confidential/{draft}/", keeper_only),
            (f"/confidential/{at_leader}/", expect(business=404, admins=404, chief=200, leader=200)),
            (f"/confidential/{handled}/", expect(business=404, admins=404, chief=200, director=200, outsider=200)),
        ],
        "confidential:edit": [
            # the chief keeps the register but did not register it: back to the entry's card
            (f"/confidential/{draft}/edit/", expect(business=404, admins=404, chief=f"→/confidential/{draft}/")),
            (
                f"/confidential/{at_leader}/edit/",
                expect(business=404, admins=404, chief=f"→/confidential/{at_leader}/", leader=403),
            ),
        ],
        "confidential:lend": [
            (f"/confidential/{handled}/lend/", expect(business=404, admins=404, chief=200, director=403, outsider=403))
        ],
        "confidential:dispose": [
            (
                f"/confidential/{handled}/dispose/",
                expect(business=404, admins=404, chief=200, director=403, outsider=403),
            )
        ],
        # POST only (their rules: tests/confidential/test_register.py)
        "confidential:cabinet": [(f"/confidential/{handled}/cabinet", everyone(405))],
        "confidential:grant": [(f"/confidential/{handled}/grants", everyone(405))],
        "confidential:revoke": [(f"/confidential/{handled}/grants/{world.people.clerk.pk}/revoke", everyone(405))],
        "confidential:loan_sign_out": [(f"/confidential/loans/{loan}/sign-out", everyone(405))],
        "confidential:loan_return": [(f"/confidential/loans/{loan}/return", everyone(405))],
        "confidential:loans": [
            ("/confidential/loans/", everyone(200)),
            ("/confidential/loans/?export=xlsx", everyone(200)),
        ],
        "confidential:disposals": [
            ("/confidential/disposals/", everyone(200)),
            ("/confidential/disposals/?export=xlsx", everyone(200)),
        ],
        "confidential:transfer": [("/confidential/transfer/", expect(business=403, admins=403, chief=200))],
    }
