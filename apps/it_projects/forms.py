from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.org.models import Section
from apps.workflow import api
from apps.workflow.models import Case

from .access import may_keep
from .models import Project
from .processes import ACCEPT, PROCURE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _area(label, rows=3, required=True, **kw):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kw)


def _date(label, required=True, **kw):
    return forms.DateField(label=label, widget=DATE, required=required, **kw)


class Person(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name}（{obj.section.name if obj.section_id else ''}）"


class ProjectForm(forms.Form):
    title = forms.CharField(label="项目名称", max_length=120)
    source = forms.ChoiceField(label="任务来源", choices=Project.Source.choices)
    user_section = forms.ModelChoiceField(
        label="使用（需求）科室", queryset=Section.objects.none(), empty_label="（请选择）"
    )
    need = _area("建设需求（软硬件、技术指标）", 4)
    plan = _area("建设方案（送审方案要点、方案讨论会情况）", 4)
    budget = forms.DecimalField(label="经费预算（元）", min_value=0.01, max_digits=12, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user_section"].queryset = Section.objects.exclude(kind="leadership").order_by("order", "pk")


class ProcureForm(forms.Form):
    bigdata_review_on = _date("区大数据局技术审查通过日期")
    finance_review_on = _date("区财政局经费审查通过日期")
    collective_decision_on = _date(
        "局班子集体研究日期", required=False, help_text="经费 5,000 元以上的必填（先报告后支出）。"
    )
    procurement = forms.ChoiceField(label="采购方式", choices=Project.Procurement.choices)
    vendor = forms.CharField(label="供应商", max_length=120)
    contract_amount = forms.DecimalField(label="合同金额（元）", min_value=0.01, max_digits=12, decimal_places=2)
    contract_on = _date("合同签订日期")


class AcceptForm(forms.Form):
    accepted_on = _date("验收日期", initial=timezone.localdate)
    vendor_signatory = forms.CharField(label="厂商验收代表", max_length=60)
    user_signatory = Person(label="使用科室验收人", queryset=get_user_model().objects.none(), empty_label="（请选择）")
    it_signatory = Person(label="信息化部门验收人", queryset=get_user_model().objects.none(), empty_label="（请选择）")
    acceptance_opinion = _area("验收意见", 3)
    asset_name = forms.CharField(label="资产名称", max_length=120)
    asset_value = forms.DecimalField(label="资产价值（元）", min_value=0, max_digits=12, decimal_places=2)
    asset_location = forms.CharField(label="存放地点", max_length=80)
    asset_keeper = Person(
        label="资产保管人",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="（默认使用科室验收人）",
    )
    asset_card_no = forms.CharField(
        label="固定资产卡片号",
        max_length=40,
        required=False,
        help_text="资产管理员在财务资产台账建卡后填写，可稍后补登。",
    )

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True, admin_role="").select_related("section")
        if project is not None:
            self.fields["user_signatory"].queryset = users.filter(section=project.user_section_id)
            self.fields["asset_keeper"].queryset = users.filter(section=project.user_section_id)
        self.fields["it_signatory"].queryset = users.filter(section__code="office")


class CardForm(forms.Form):
    asset_card_no = forms.CharField(label="固定资产卡片号", max_length=40)


def project_forms(case, user):
    p = case.it_project
    if case.status == Case.Status.ACTIVE:
        if api.find_pending_task(case, user, step=PROCURE):
            return {"it_procure": ProcureForm()}
        if api.find_pending_task(case, user, step=ACCEPT):
            return {
                "it_accept": AcceptForm(project=p, initial={"asset_name": p.title, "asset_value": p.contract_amount})
            }
        return {}
    if case.status in (Case.Status.CLOSED, Case.Status.ARCHIVED) and may_keep(user) and not p.asset_card_no:
        return {"it_card": CardForm()}
    return {}
