"""State changes of a 建议/提案. Each locks the case, checks the stage (models.MOVES) and the
actor's step, and moves the clocks through apps.workflow.deadlines (the limits are rule rows of
process office.proposal in fixtures/deadline_rules.json)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.workflow import api, deadlines
from apps.workflow.api import TransitionError
from apps.workflow.models import CaseClock, Notification, Task
from apps.workflow.rules import deadline_rule

from .models import ASSIGN_STEP, HANDLE_STEP, SEND_STEP, Contact, CoOpinion, Proposal, Reply, Satisfaction
from .processes import PROCESS

REPLY_RULE = deadline_rule("proposal-reply")
CO_RULE = deadline_rule("proposal-co-opinion")
REHANDLE_RULE = deadline_rule("proposal-rehandle")
# One re-handling after 不满意 (its own clock); a second 不满意 is recorded and reported as is.
MAX_ROUNDS = 2

RECEIVE_FIELDS = (
    "kind",
    "session",
    "number",
    "title",
    "proposers",
    "delegation",
    "contact_phone",
    "content",
    "received_on",
    "assigned_on",
)


def _not_future(day, what):
    if day > timezone.localdate():
        raise TransitionError(f"{what}不能晚于今天。")


def _step_task(case, actor, step, who):
    return api.pending_task(case, actor, step=step, refusal=f"该{case.proposal.kind_short}当前不在您的“{who}”环节。")


def _locked(case_id, actor, move):
    case = api.lock_case(case_id, process=PROCESS)
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("case", "session").get(case=case)
    proposal.case = case
    if not proposal.may(move):
        raise TransitionError(f"该{proposal.kind_short}目前“{proposal.get_stage_display()}”，不能进行此操作。")
    return case, proposal


def _open_clocks(case, codes):
    return list(case.clocks.filter(rule__code__in=codes, status__in=CaseClock.OPEN_STATUSES))


def current_reply_rule(proposal):
    return REPLY_RULE if proposal.round == 1 else REHANDLE_RULE


@transaction.atomic
def receive(actor, data):
    """接收: the office registers a 建议/提案 from the district e-government site; it goes to 领导审阅
    at once, and the reply clock runs from the 交办 date."""
    section = actor.section
    if actor.admin_role or section is None or section.code != "office":
        raise TransitionError("建议提案由办公室接收登记。")
    for day, what in ((data["received_on"], "接收日期"), (data["assigned_on"], "交办日期")):
        _not_future(day, what)
    if data["session"].kind != data["kind"]:
        raise TransitionError("所选届次会议与类别不符（建议对应人大会议，提案对应政协会议）。")
    if Proposal.objects.filter(kind=data["kind"], session=data["session"], number=data["number"]).exists():
        raise TransitionError(f"{data['session'].name}{data['number']}已经登记，请勿重复接收。")
    short = "建议" if data["kind"] == "suggestion" else "提案"
    title = f"{short}{data['number']}：{data['title']}"
    case = api.create_case(PROCESS, initiator=actor, section=section, title=title[:200], step_label="接收")
    proposal = Proposal(case=case, **{f: data[f] for f in RECEIVE_FIELDS if f in data})
    proposal.save()
    api.submit(case.pk, actor)
    deadlines.start_clock(case, REPLY_RULE, proposal.assigned_on, actor)
    case.refresh_from_db()
    return case


def _open_to(case, sections, actor):
    """The lead and co-handling sections' members and their division leaders see the item."""
    User = get_user_model()
    people = (
        User.objects.filter(is_active=True, admin_role="")
        .filter(Q(section__in=sections) | Q(pk__in=[s.division_leader_id for s in sections if s.division_leader_id]))
        .order_by("id")
    )
    for user in people:
        api.grant_view(case, user, actor, reason="建议提案主办、会办科室", log_on_case=False)


@transaction.atomic
def assign(case_id, actor, lead_section, co_sections=()):
    """明确责任分工: the lead section (主办) handles and replies; co-handling sections (会办) send
    their opinion to it within the co-handling limit."""
    case, proposal = _locked(case_id, actor, "assign")
    task = _step_task(case, actor, ASSIGN_STEP, "明确责任分工")
    if lead_section is None:
        raise TransitionError("请选择主办科室。")
    co = [s for s in co_sections if s.pk != lead_section.pk]
    proposal.lead_section = lead_section
    proposal.save(update_fields=["lead_section"])
    proposal.co_sections.set(co)
    _open_to(case, [lead_section, *co], actor)
    if co:
        deadlines.start_clock(case, CO_RULE, proposal.assigned_on, actor)
    names = "、".join(s.name for s in co) or "无"
    api.finish_own_step(case.pk, task.pk, actor, f"主办：{lead_section.name}；会办：{names}")
    return case


@transaction.atomic
def send_co_opinion(case_id, actor, text, on_date):
    """会办意见 by a member of a co-handling section; the last one stops the co-handling clock."""
    case, proposal = _locked(case_id, actor, "co_opinion")
    text = (text or "").strip()
    if not text:
        raise TransitionError("请填写会办意见。")
    co = list(proposal.co_sections.all())
    section = next((s for s in co if s.pk == actor.section_id), None)
    if section is None or not actor.is_active or actor.admin_role:
        raise TransitionError("只有会办科室的工作人员可以报送会办意见。")
    if proposal.co_opinions.filter(section=section).exists():
        raise TransitionError(f"{section.name}已报送会办意见。")
    _not_future(on_date, "报送日期")
    if on_date < proposal.assigned_on:
        raise TransitionError("报送日期不能早于交办日期。")
    CoOpinion.objects.create(proposal=proposal, section=section, author=actor, text=text[:4000], sent_on=on_date)
    if proposal.co_opinions.count() == len(co):
        for clock in _open_clocks(case, (CO_RULE,)):
            deadlines.stop_clock(clock.pk, actor, on_date)
    holders = Task.objects.filter(case=case, step=HANDLE_STEP, status=Task.Status.PENDING).values_list(
        "assignee", flat=True
    )
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=uid,
                case=case,
                kind=Notification.Kind.INFO,
                key=f"proposal-co:{case.pk}:{section.pk}:{uid}",
                message=f"{section.name}已报送“{case.title}”的会办意见。"[:300],
                url=case.get_absolute_url(),
            )
            for uid in holders
        ],
        ignore_conflicts=True,
    )
    return case


@transaction.atomic
def record_contact(case_id, actor, on_date, form, participants, view):
    """面商: the lead section's contact with the representative (date, form, who, their view)."""
    case, proposal = _locked(case_id, actor, "contact")
    _step_task(case, actor, HANDLE_STEP, "办理")
    participants, view = (participants or "").strip(), (view or "").strip()
    if not participants or not view:
        raise TransitionError(f"请填写参加人员和{proposal.proposer_title}的意见。")
    _not_future(on_date, "面商日期")
    if on_date < proposal.assigned_on:
        raise TransitionError("面商日期不能早于交办日期。")
    return Contact.objects.create(
        proposal=proposal,
        round=proposal.round,
        on_date=on_date,
        form=form,
        participants=participants[:200],
        view=view[:4000],
        recorded_by=actor,
    )


@transaction.atomic
def draft_reply(case_id, actor, text, category):
    """拟定书面答复 and send it to 答复审签. Only after a contact with the representative in this
    round and, in the first round, once every co-handling section's opinion is in."""
    case, proposal = _locked(case_id, actor, "draft")
    task = _step_task(case, actor, HANDLE_STEP, "办理")
    text = (text or "").strip()
    if not text:
        raise TransitionError("请填写答复内容。")
    if not proposal.contacts.filter(round=proposal.round).exists():
        raise TransitionError(
            f"书面答复前须与{proposal.proposer_title}联系沟通（面商、座谈、走访或电话），请先记录面商情况。"
        )
    if proposal.round == 1:
        missing = [s.name for s in proposal.co_sections.exclude(pk__in=proposal.co_opinions.values("section"))]
        if missing:
            raise TransitionError(f"会办意见尚未全部送达（{'、'.join(missing)}），暂不能报送答复审签。")
    Reply.objects.update_or_create(
        proposal=proposal,
        round=proposal.round,
        defaults={"text": text[:20000], "category": category, "drafted_by": actor, "drafted_at": timezone.now()},
    )
    proposal.category = category
    proposal.save(update_fields=["category"])
    api.finish_own_step(case.pk, task.pk, actor, f"已拟定书面答复（{category}类），报送审签")
    return case


@transaction.atomic
def send_reply(case_id, actor, on_date):
    """答复: the approved reply goes out on `on_date`; the round's reply clock stops."""
    case, proposal = _locked(case_id, actor, "send")
    _step_task(case, actor, SEND_STEP, "答复与满意度")
    reply = proposal.replies.get(round=proposal.round)
    _not_future(on_date, "答复日期")
    drafted = timezone.localdate(reply.drafted_at)
    if on_date < drafted:
        raise TransitionError(f"答复日期不能早于答复拟稿日期（{drafted:%Y-%m-%d}）。")
    reply.sent_on = on_date
    reply.save(update_fields=["sent_on"])
    proposal.sent_on = on_date
    proposal.save(update_fields=["sent_on"])
    for clock in _open_clocks(case, (current_reply_rule(proposal),)):
        deadlines.stop_clock(clock.pk, actor, on_date)
    return case


@transaction.atomic
def record_feedback(case_id, actor, satisfaction, on_date, feedback=""):
    """The representative's view of the reply. 满意/基本满意 closes the item; 不满意 sends it back to
    the lead section for re-handling with a new clock (once); the first round stays on record."""
    case, proposal = _locked(case_id, actor, "feedback")
    task = _step_task(case, actor, SEND_STEP, "答复与满意度")
    feedback = (feedback or "").strip()
    if satisfaction not in Satisfaction.values:
        raise TransitionError("请选择满意度。")
    if satisfaction == Satisfaction.UNSATISFIED and not feedback:
        raise TransitionError(f"{proposal.proposer_title}不满意的，请记录其意见和理由。")
    _not_future(on_date, "反馈日期")
    reply = proposal.replies.get(round=proposal.round)
    if on_date < reply.sent_on:
        raise TransitionError("反馈日期不能早于答复日期。")
    reply.satisfaction, reply.feedback_on, reply.feedback = satisfaction, on_date, feedback[:4000]
    reply.save(update_fields=["satisfaction", "feedback_on", "feedback"])
    proposal.satisfaction = satisfaction
    label = Satisfaction(satisfaction).label
    if satisfaction != Satisfaction.UNSATISFIED or proposal.round >= MAX_ROUNDS:
        proposal.save(update_fields=["satisfaction"])
        result = f"{proposal.proposer_title}反馈：{label}"
        if satisfaction == Satisfaction.UNSATISFIED:
            result += f"（重新办理后仍不满意，如实报{proposal.reported_to}和区政府督查室）"
        api.finish_own_step(case.pk, task.pk, actor, result + (f"。{feedback}" if feedback else ""))
        return case
    proposal.round += 1
    proposal.sent_on, proposal.category = None, ""
    proposal.save(update_fields=["satisfaction", "round", "sent_on", "category"])
    reason = f"{proposal.proposer_title}对答复不满意，重新办理：{feedback}"
    api.return_case(case.pk, task.pk, actor, api.step_index(case, HANDLE_STEP), reason)
    deadlines.start_clock(case, REHANDLE_RULE, on_date, actor)
    case.refresh_from_db()
    return case
