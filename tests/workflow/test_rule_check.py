"""The system check that every rule code named in code has its seeded row (issue 12): a typo in
a rule code or a process chain without approval rows fails `manage.py check`, instead of a
matter silently running without its clock or its approvers."""

from apps.workflow import processes, rules
from apps.workflow.checks import check_rule_codes
from apps.workflow.processes import ChainStep, Process


def _ids(errors):
    return sorted(e.id for e in errors)


def test_the_project_as_it_is_passes():
    assert check_rule_codes() == []
    # the declarations are there: the check has something to check
    assert {"petition-handle", "disclosure-reply", "meeting-minutes"} <= set(rules.named_deadline_rules())


def test_a_misspelt_deadline_rule_code_is_an_error():
    rules.deadline_rule("petition-handel")
    try:
        errors = check_rule_codes()
        assert _ids(errors) == ["workflow.E020"]
        assert "petition-handel" in errors[0].msg
    finally:
        rules._named_deadline_rules.pop("petition-handel")


def test_a_chain_without_approval_rows_is_an_error():
    class Orphan(Process):
        code = "tests.orphan"
        label = "无规则的流程"
        steps = [ChainStep("approval", "审批")]

    processes.register(Orphan)
    try:
        errors = check_rule_codes()
        assert _ids(errors) == ["workflow.E021"]
        assert "tests.orphan" in errors[0].msg
    finally:
        processes._registry.pop("tests.orphan")
