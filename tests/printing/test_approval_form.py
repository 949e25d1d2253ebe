import shutil
import subprocess

import pytest
from django.urls import reverse

from apps.audit.models import AuditEvent
from apps.workflow import services
from apps.workflow.models import Delegation, Task
from tests.matters.factories import new_request

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils 未安装")


def pdf_text(content, tmp_path):
    path = tmp_path / "form.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_approval_form_prints_every_step_with_names_opinions_and_delegation(client, people, tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    case = new_request(people.clerk, title="关于采购档案密集柜的请示", amount="6800", submit=True)
    task = case.tasks.get(status=Task.Status.PENDING)
    services.approve(case.pk, task.pk, people.chief, "情况属实，同意。")
    today = timezone.localdate()
    Delegation.objects.create(
        principal=people.leader,
        delegate=people.other_leader,
        start_date=today,
        end_date=today + timedelta(days=2),
        reason="出差",
    )
    task = case.tasks.get(status=Task.Status.PENDING)
    services.approve(case.pk, task.pk, people.other_leader, "同意，报局长。")

    client.force_login(people.clerk)
    response = client.get(reverse("printing:approval_form", args=[case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    compact = "".join(text.split())
    for words in (
        "事项审批单",
        "关于采购档案密集柜的请示",
        "6800.00元",
        "情况属实，同意。",
        "办公室主任",
        "同意，报局长。",
    ):
        assert words in compact, words
    assert "另一副局长（代分管副局长）" in compact  # a delegated step shows both names
    assert "—1—" in compact  # GB/T 9704 page number
    assert AuditEvent.objects.filter(event="print.approval_form", actor=people.clerk, object_id=str(case.pk)).exists()


def test_a_case_that_cannot_be_seen_cannot_be_printed(client, people):
    case = new_request(people.clerk, submit=True)
    client.force_login(people.outsider)
    assert client.get(reverse("printing:approval_form", args=[case.pk])).status_code == 404


def test_rare_name_characters_are_printed_not_boxes(client, people, tmp_path):
    people.chief.full_name = "王镕赟堃"
    people.chief.save()
    case = new_request(people.clerk, submit=True)
    task = case.tasks.get(status=Task.Status.PENDING)
    services.approve(case.pk, task.pk, people.chief, "同意")
    client.force_login(people.clerk)
    text = pdf_text(client.get(reverse("printing:approval_form", args=[case.pk])).content, tmp_path)
    assert "王镕赟堃" in text


@pytest.mark.parametrize("char", ["镕", "赟", "堃", "\U00020000", "\U0002a6d6", "\U0002b740"])
def test_the_print_font_stack_covers_rare_name_characters(char):
    """Every character a name may carry (including CJK extensions B-D) has a font in the stack."""
    from django.template.loader import get_template

    fc_list = shutil.which("fc-list")
    if not fc_list:
        pytest.skip("fontconfig 未安装")
    base = get_template("print/base.html").template.source
    body_stack = base.split("font-family:", 2)[1].split(";")[0]
    families = [f.strip().strip('"') for f in body_stack.split(",")]
    covering = subprocess.run(
        [fc_list, f":charset={ord(char):x}", "family"], capture_output=True, text=True, check=True
    ).stdout
    covered_by = [f for f in families if f in covering]
    assert covered_by, f"U+{ord(char):X} 无字体覆盖"
