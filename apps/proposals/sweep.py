"""The sweep's pass for 会办意见: the chiefs of the co-handling sections that have not yet sent
their opinion are reminded before the co-handling limit and told once it has passed, each
notice once (unique keys), from the running clock of rule proposal-co-opinion."""

from django.contrib.auth import get_user_model

from apps.accounts.models import Rank
from apps.workflow.models import CaseClock, Notification
from apps.workflow.sweep import Notice, Stage, clock_horizon, nearest_lead


def remind_co_sections(sweep):
    from .models import CoOpinion, Proposal
    from .services import CO_RULE

    clocks = list(
        CaseClock.objects.filter(
            rule__code=CO_RULE, status=CaseClock.Status.RUNNING, due_date__lte=clock_horizon(sweep.today)
        )
        .select_related("rule", "case")
        .order_by("id")
    )
    if not clocks:
        return
    proposals = {
        p.case_id: p
        for p in Proposal.objects.filter(case__in=[c.case_id for c in clocks]).prefetch_related("co_sections")
    }
    sent = set(CoOpinion.objects.filter(proposal__in=proposals.values()).values_list("proposal_id", "section_id"))
    waiting = {
        c.case_id: [s for s in proposals[c.case_id].co_sections.all() if (proposals[c.case_id].pk, s.pk) not in sent]
        for c in clocks
        if c.case_id in proposals
    }
    chiefs = {}
    section_ids = {s.pk for sections in waiting.values() for s in sections}
    for user in (
        get_user_model()
        .objects.filter(is_active=True, rank=Rank.CHIEF, admin_role="", section_id__in=section_ids)
        .order_by("id")
    ):
        chiefs.setdefault(user.section_id, user)
    pairs = [(case_id, chiefs[s.pk]) for case_id, sections in waiting.items() for s in sections if s.pk in chiefs]
    visible = sweep.visible_pairs(pairs)
    stages = []
    for clock in clocks:
        due, title = clock.due_date, clock.case.title
        lead = nearest_lead(sweep.today, due, clock.rule.remind_leads)
        for section in waiting.get(clock.case_id, []):
            chief = chiefs.get(section.pk)
            if chief is None or (clock.case_id, chief.pk) not in visible:
                continue
            if lead is not None:
                text = f"请于 {due:%Y-%m-%d} 前将“{title}”的会办意见送主办科室。"
                key = f"proposal:co:remind:{clock.pk}:{lead}:{due:%Y%m%d}:{chief.pk}"
                stages.append(Stage(clock.case, [Notice(chief, Notification.Kind.REMIND, key, text)], clock=clock))
            if sweep.today > due:
                text = f"“{title}”的会办意见已超过期限（{due:%Y-%m-%d}），{section.name}尚未报送，请即送主办科室。"
                key = f"proposal:co:overdue:{clock.pk}:{due:%Y%m%d}:{chief.pk}"
                stages.append(
                    Stage(
                        clock.case,
                        [Notice(chief, Notification.Kind.OVERDUE, key, text[:300])],
                        clock=clock,
                        urge_step="会办意见",
                        urge_text=f"{section.name}会办意见逾期未报送，系统已提醒{chief.full_name}。",
                    )
                )
    sweep.write(stages)
