"""信息化项目: every change, one `@transaction.atomic` function each (the approvals are the
engine's 同意/退回 on the case page)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from apps.org.models import Section
from apps.workflow import api
from apps.workflow.api import TransitionError
from apps.workflow.models import ApprovalRule

from .access import OFFICE, may_keep
from .models import Project
from .processes import ACCEPT, CHAIN, PROCESS, PROCURE


def _text(value, what, limit=None):
    value = (value or "").strip()
    if not value:
        raise TransitionError(f"请填写{what}。")
    if limit and len(value) > limit:
        raise TransitionError(f"{what}不能超过 {limit} 个字。")
    return value


def _day(value, what, not_before=None, before_what=""):
    if not isinstance(value, date):
        raise TransitionError(f"请填写{what}。")
    if value > timezone.localdate():
        raise TransitionError(f"{what}不能晚于今天。")
    if not_before and value < not_before:
        raise TransitionError(f"{what}不能早于{before_what}。")
    return value


def collective_threshold():
    """The budget from which the director's link (局班子集体研究) applies: the rule row's minimum."""
    rule = (
        ApprovalRule.objects.filter(process=PROCESS, chain=CHAIN, active=True, fact="amount", min_value__isnull=False)
        .order_by("min_value")
        .first()
    )
    return rule.min_value if rule else None


@transaction.atomic
def request_project(actor, data, submit=True):
    """接收任务、报请领导: the project with its need, plan and budget into the approval chain."""
    if not may_keep(actor):
        raise TransitionError("信息化项目由办公室工作人员登记报请。")
    budget = data.get("budget")
    if budget is None or budget <= 0:
        raise TransitionError("经费预算应大于 0。")
    section = data.get("user_section")
    if section is None:
        raise TransitionError("请选择使用（需求）科室。")
    title = _text(data.get("title"), "项目名称", 120)
    office = Section.objects.get(code=OFFICE)
    case = api.create_case(
        PROCESS, initiator=actor, section=office, title=f"信息化项目：{title}", step_label="报请立项"
    )
    project = Project.objects.create(
        case=case,
        title=title,
        source=data.get("source") or Project.Source.SECTION,
        user_section=section,
        need=_text(data.get("need"), "建设需求"),
        plan=_text(data.get("plan"), "建设方案"),
        budget=Decimal(budget),
    )
    if submit:
        api.submit(case.pk, actor)
    return project


@transaction.atomic
def record_procurement(case_id, actor, data):
    """审查采购: both reviews passed, the collective decision for a budget at the threshold, the
    procurement and the contract."""
    case = api.lock_case(case_id, process=PROCESS)
    task = api.pending_task(case, actor, step=PROCURE, refusal="只有该项目的承办人可以登记审查采购。")
    p = Project.objects.select_for_update().get(case=case)
    p.bigdata_review_on = _day(data.get("bigdata_review_on"), "区大数据局技术审查通过日期")
    p.finance_review_on = _day(data.get("finance_review_on"), "区财政局经费审查通过日期")
    if p.finance_review_on < p.bigdata_review_on:
        raise TransitionError("经费审查应在技术审查通过之后（先报区大数据局，通过后报区财政局）。")
    threshold = collective_threshold()
    decision = data.get("collective_decision_on")
    if threshold is not None and p.budget >= threshold:
        decision = _day(decision, f"局班子集体研究日期（{threshold:,.0f} 元以上须先集体研究）")
    p.collective_decision_on = decision
    method = data.get("procurement")
    if method not in Project.Procurement.values:
        raise TransitionError("请选择采购方式。")
    p.procurement = method
    p.vendor = _text(data.get("vendor"), "供应商", 120)
    amount = data.get("contract_amount")
    if amount is None or amount <= 0:
        raise TransitionError("合同金额应大于 0。")
    p.contract_amount = amount
    p.contract_on = _day(data.get("contract_on"), "合同签订日期", p.finance_review_on, "经费审查通过日期")
    if decision and p.contract_on < decision:
        raise TransitionError("合同签订日期不能早于局班子集体研究日期（先报告后支出）。")
    p.save()
    over = ""
    if amount > p.budget:
        over = f"（合同金额超出预算 {amount - p.budget:,.2f} 元）"
    api.finish_own_step(
        case.pk,
        task.pk,
        actor,
        f"已完成审查并{p.get_procurement_display()}，供应商{p.vendor}，合同 {amount:,.2f} 元{over}。",
        keep_result=False,
    )
    return p


@transaction.atomic
def record_acceptance(case_id, actor, data):
    """验收: the vendor's representative, the using section's and IT's signatories, and the asset."""
    case = api.lock_case(case_id, process=PROCESS)
    task = api.pending_task(case, actor, step=ACCEPT, refusal="只有该项目的承办人可以登记验收。")
    p = Project.objects.select_for_update().get(case=case)
    p.accepted_on = _day(data.get("accepted_on"), "验收日期", p.contract_on, "合同签订日期")
    p.vendor_signatory = _text(data.get("vendor_signatory"), "厂商验收代表", 60)
    user_rep, it_rep = data.get("user_signatory"), data.get("it_signatory")
    if user_rep is None or user_rep.section_id != p.user_section_id:
        raise TransitionError(f"使用科室验收人应为{p.user_section.name}的工作人员。")
    if it_rep is None or it_rep.section_id is None or it_rep.section.code != OFFICE:
        raise TransitionError("信息化部门验收人应为办公室（信息化）工作人员。")
    if user_rep.pk == it_rep.pk:
        raise TransitionError("使用科室和信息化部门应由不同人员验收。")
    p.user_signatory, p.it_signatory = user_rep, it_rep
    p.acceptance_opinion = _text(data.get("acceptance_opinion"), "验收意见")
    p.asset_name = _text(data.get("asset_name"), "资产名称", 120)
    value = data.get("asset_value")
    if value is None or value < 0:
        raise TransitionError("请填写资产价值。")
    p.asset_value = value
    p.asset_location = _text(data.get("asset_location"), "存放地点", 80)
    p.asset_keeper = data.get("asset_keeper") or user_rep
    p.asset_card_no = (data.get("asset_card_no") or "").strip()[:40]
    p.save()
    signers = f"厂商{p.vendor_signatory}、{user_rep.full_name}、{it_rep.full_name}"
    api.finish_own_step(
        case.pk, task.pk, actor, f"{p.accepted_on:%Y-%m-%d} 验收合格（{signers}），资产“{p.asset_name}”登记。"
    )
    return p


@transaction.atomic
def set_asset_card(case_id, actor, card_no):
    """The fixed-asset card number once the asset manager has opened the card in finance."""
    case = api.lock_case(case_id, process=PROCESS)
    if not may_keep(actor):
        raise TransitionError("资产卡片号由办公室工作人员登记。")
    p = Project.objects.select_for_update().get(case=case)
    if p.accepted_on is None:
        raise TransitionError("项目验收后才能登记资产卡片号。")
    p.asset_card_no = _text(card_no, "固定资产卡片号", 40)
    p.save(update_fields=["asset_card_no"])
    api.log_event(
        case, actor, step_label="登记资产卡片号", opinion=p.asset_card_no, audit_event="it_projects.asset_card"
    )
    api.save_case(case)
    return p
