"""Labels on the case page that said something other than what happened (issue 13, item 6).

Each test renders the page a member of staff sees and reads the words on it: the 拟办 in the
route, the delegate who acted, the countersign and 批示 panels, the two hand-overs, and the
distribution's 分发方式."""

import re
from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags

from apps.documents import services
from apps.documents.models import OutgoingDocument, OutgoingRecipient
from apps.documents.processes import ASSIGN, DISTRIBUTE, NUMBER, PLAN, PRINT, SEAL, SEAL_REQUEST
from apps.workflow import services as engine
from apps.workflow.models import CaseEvent, Task
from apps.workflow.services import TransitionError
from tests.documents.factories import draft, pending, plan, register, seal_through_request, sign_all, today

pytestmark = pytest.mark.django_db


def page_of(client, user, case):
    client.force_login(user)
    response = client.get(reverse("workflow:case_detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def section(html, css_class, tag):
    """The text of the first <tag class="css_class"> block, tags stripped, spaces squeezed."""
    match = re.search(rf'<{tag} class="{css_class}[^"]*">(.*?)</{tag}>', html, re.S)
    assert match, css_class
    return re.sub(r"\s+", " ", strip_tags(match.group(1)))


def panel(html):
    """The side panel's action cards (the engine's _actions.html)."""
    return re.sub(r"\s+", " ", strip_tags(html.split('<aside class="case-side">', 1)[1]))


def post_action(client, case, task, action, **data):
    return client.post(reverse("workflow:task_action", args=[case.pk, task.pk, action]), data)


# --- 1. the chief's 拟办 is recorded as 拟办, with its text -------------------------------------


def test_the_plan_shows_as_plan_with_its_text_not_as_done(client, office, people):
    case = plan(register(office), people)
    html = page_of(client, people.chief, case)
    route = section(html, "route", "ol")
    assert "办公室主任（拟办：【办理件】建议办理。（呈分管副局长批办））" in route
    assert "（办结" not in route
    timeline = section(html, "timeline", "ul")
    assert "拟办" in timeline and "建议办理。" in timeline
    event = case.events.get(action=CaseEvent.Action.DONE, task__step=PLAN)
    assert event.action_label == "拟办" and event.get_action_display() == "办结"  # the stored record is unchanged
    # the printed 收文处理笺 signs it the same way
    slip = render_to_string("print/documents/_entries.html", {"entries": [event]})
    assert "办公室主任　拟办　" in slip and "办结" not in slip


def test_the_last_handler_still_closes_with_done(client, office, people):
    from tests.documents.factories import to_handling

    case = to_handling(office, people, people.outsider.section, handler=people.outsider)
    task = pending(case)[0]
    engine.complete(case.pk, task.pk, people.outsider, "已按要求报送。")
    route = section(page_of(client, people.outsider, case), "route", "ol")
    assert "律师科科员（办结：已按要求报送。）" in route
    assert "收发员（转办：转律师工作科主办" in route


# --- 2. the route credits the delegate who acted -------------------------------------------------


def test_the_route_names_the_delegate_who_acted_for_the_leader(client, office, people):
    case = plan(register(office), people)
    engine.create_delegation(people.leader, people.other_leader, today(), today() + timedelta(days=3), "出差")
    task = pending(case)[0]
    assert task.assignee == people.leader
    client.force_login(people.other_leader)
    page = panel(page_of(client, people.other_leader, case))
    assert "您正代 分管副局长 办理" in page
    response = post_action(client, case, task, "instruct", opinion="请律师科办理。")
    assert response.status_code == 302
    route = section(page_of(client, people.chief, case), "route", "ol")
    assert "另一副局长 代 分管副局长（批示：请律师科办理。）" in route
    assert "分管副局长（同意）" not in route


# --- 3. the countersign panel speaks only of the buttons it offers ------------------------------


def test_the_countersign_panel_does_not_mention_disagreeing(client, office, people, bureau):
    case = draft(people.clerk, countersign=[bureau["lawyers"]])
    engine.approve(case.pk, pending(case)[0].pk, people.chief, "核稿无误。")
    case.refresh_from_db()
    task = pending(case)[0]
    assert task.kind == Task.Kind.COUNTERSIGN and task.assignee == people.other_chief
    html = page_of(client, people.other_chief, case)
    side = panel(html)
    assert ">同意</button>" in html
    assert "不同意" not in side and "终止本事项" not in side
    assert "有异议的，请写在意见中，或“退回”要求修改。" in side


def test_an_ordinary_approval_still_offers_disagreeing(client, office, people):
    case = draft(people.clerk)
    side = panel(page_of(client, people.chief, case))
    assert "不同意" in side and "不同意将终止本事项" in side


# --- 4. a leader's 批示 is an instruction, not a vote --------------------------------------------


def test_the_leader_is_offered_an_instruction_and_return_only(client, office, people):
    case = plan(register(office), people)
    html = page_of(client, people.leader, case)
    side = panel(html)
    assert ">批示</button>" in html and "批示意见" in side
    assert "不同意" not in side and "终止本事项" not in side and ">同意</button>" not in html
    assert "退回" in side
    assert "转交他人办理" not in side


def test_an_instruction_needs_words_and_cannot_end_the_document(client, office, people):
    case = plan(register(office), people)
    task = pending(case)[0]
    client.force_login(people.leader)
    assert post_action(client, case, task, "instruct", opinion="").status_code == 409
    response = post_action(client, case, task, "reject", opinion="不同意")
    assert response.status_code == 409 and "不是表决" in response.content.decode()
    with pytest.raises(TransitionError, match="批示意见"):
        engine.approve(case.pk, task.pk, people.leader, "")
    case.refresh_from_db()
    assert case.status == "active" and case.current_step == task.step
    assert post_action(client, case, task, "instruct", opinion="请律师科抓紧办理。").status_code == 302
    case.refresh_from_db()
    assert case.current_step == ASSIGN
    html = page_of(client, people.chief, case)
    assert "分管副局长（批示：请律师科抓紧办理。）" in section(html, "route", "ol")
    assert '<span class="tag approve">批示</span>' in html


# --- 5. the engine's hand-over and the document's 转办 have different names ---------------------


def test_the_two_hand_overs_are_named_apart(client, office, people):
    case = plan(register(office), people)
    engine.approve(case.pk, pending(case)[0].pk, people.leader, "请办公室转办。")
    case.refresh_from_db()
    assert case.current_step == ASSIGN
    html = page_of(client, office.receiver, case)
    buttons = re.findall(r"<button[^>]*>([^<]*)</button>", html)
    assert buttons.count("转办") == 1  # the document's own 转办 (to sections)
    assert "转交他人办理" in html and "转交" in buttons
    task = pending(case)[0]
    client.force_login(office.receiver)
    response = post_action(client, case, task, "transfer", to_user=people.clerk.pk, opinion="我休假")
    assert response.status_code == 302
    timeline = section(page_of(client, people.clerk, case), "timeline", "ul")
    assert "转交" in timeline


# --- 6. 标记已发出 keeps each recipient's own 分发方式 -------------------------------------------


def _to_distribution(case, office, people):
    """Through 编号, 印制, 提交用印申请 and 用印 in whatever order the route has them."""
    case.refresh_from_db()
    while case.current_step != DISTRIBUTE:
        step = case.current_step
        if step == NUMBER:
            services.number(case.pk, office.receiver)
        elif step == SEAL_REQUEST:
            seal_through_request(case, office)
        elif step == PRINT:
            services.record_print(case.pk, pending(case, PRINT)[0].pk, office.receiver, 5, today())
        else:
            raise AssertionError(step)
        case.refresh_from_db()
    return case


def test_marking_sent_keeps_each_recipients_channel(client, office, people):
    case = _to_distribution(sign_all(draft(people.clerk)), office, people)
    doc = OutgoingDocument.objects.get(case=case)
    first, second, third = doc.recipients.all()
    first.channel, second.channel = "confidential", "hand"
    first.save()
    second.save()
    html = page_of(client, office.receiver, case)
    assert '<option value="" selected>按各单位原定方式</option>' in html
    # the form as the browser sends it: all ticked, the channel left as it was offered
    response = client.post(
        reverse("documents:outgoing_recipients", args=[case.pk]),
        {"recipients": [first.pk, second.pk, third.pk], "status": "sent", "channel": ""},
    )
    assert response.status_code == 302
    rows = {r.name: (r.channel, r.status) for r in doc.recipients.all()}
    assert rows == {
        first.name: ("confidential", OutgoingRecipient.Status.SENT),
        second.name: ("hand", OutgoingRecipient.Status.SENT),
        third.name: ("electronic", OutgoingRecipient.Status.SENT),
    }


def test_a_channel_chosen_applies_to_the_ticked_recipients_only(client, office, people):
    case = _to_distribution(sign_all(draft(people.clerk)), office, people)
    first, second, _ = OutgoingDocument.objects.get(case=case).recipients.all()
    client.force_login(office.receiver)
    client.post(
        reverse("documents:outgoing_recipients", args=[case.pk]),
        {"recipients": [first.pk], "status": "sent", "channel": "post"},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.channel, first.status) == ("post", OutgoingRecipient.Status.SENT)
    assert (second.channel, second.status) == ("electronic", OutgoingRecipient.Status.PENDING)


def test_a_recipient_added_by_hand_gets_the_channel_chosen_for_it(client, office, people):
    case = _to_distribution(sign_all(draft(people.clerk)), office, people)
    client.force_login(office.receiver)
    client.post(
        reverse("documents:outgoing_recipients", args=[case.pk]),
        {"name": "区档案馆", "kind": "internal", "copies": 1, "channel": "hand"},
    )
    assert OutgoingRecipient.objects.get(document__case=case, name="区档案馆").channel == "hand"


# --- 7. the stamping is recorded under the seal's name, its kind once ---------------------------


def test_the_stamping_names_the_seal_with_its_kind_once(client, office, people):
    case = _to_distribution(sign_all(draft(people.clerk)), office, people)
    seal_event = case.events.get(task__step=SEAL)
    assert "用印完成：测试区司法局（公章） 5 份" in seal_event.opinion
    assert seal_event.action_label == "用印"
    html = page_of(client, people.clerk, case)
    assert "测试区司法局（公章）：申请 5 份" in html and "（公章（" not in html
