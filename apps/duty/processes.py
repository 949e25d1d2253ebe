"""office.duty_roster: 办公室主任审核 → 分管领导审批. The roster must give every day someone on
duty and every public holiday 24 hours (coverage.py): a roster that does not is refused at
submission, whatever page it comes from. Approval puts it in force (on_close)."""

from apps.workflow.processes import Process, Step, register

PROCESS = "office.duty_roster"


@register
class RosterProcess(Process):
    code = PROCESS
    label = "值班表"
    steps = [
        Step("chief", "办公室主任审核", role="office_chief"),
        Step("leader", "分管领导审批", role="division_leader"),
    ]
    detail_template = "duty/includes/_roster.html"
    domain_attr = "duty_roster"
    edit_url_name = "duty:roster_edit"

    def check_submittable(self, case):
        from apps.workflow.api import TransitionError

        from .coverage import problems

        roster = case.duty_roster
        found = problems(roster.start_date, roster.end_date, roster.shifts.values_list("date", "starts", "ends"))
        if found:
            raise TransitionError("值班表不能提交：" + "".join(found))

    def print_fields(self, case):
        roster = case.duty_roster
        return [
            ("值班类型", roster.get_kind_display()),
            ("值班期间", f"{roster.start_date:%Y-%m-%d} 至 {roster.end_date:%Y-%m-%d}"),
            ("班次", f"{roster.shifts.count()} 个"),
            ("值班电话", roster.phone),
        ]

    def on_close(self, case, actor):
        from .services import put_in_force

        put_in_force(case, actor)
