from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin
from apps.accounts.models import AdminRole, Rank
from apps.audit.log import record

from .models import ApprovalRule, Delegation, SweepRun
from .processes import all_processes

RANK_CHOICES = [(value, label) for value, label in Rank.choices if value]


def chain_choices():
    return [
        (chain, f"{process.label} · {label}")
        for code, process in sorted(all_processes().items())
        for chain, label in process.chains()
    ]


class ApprovalRuleForm(forms.ModelForm):
    process = forms.ChoiceField(label="流程")
    chain = forms.ChoiceField(label="审批链")
    applicant_ranks = forms.MultipleChoiceField(
        label="适用申请人层级", choices=RANK_CHOICES, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="不勾选表示适用于所有申请人。",
    )

    class Meta:
        model = ApprovalRule
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].choices = [(code, p.label) for code, p in sorted(all_processes().items())]
        self.fields["chain"].choices = sorted({(chain, label.split(" · ")[-1]) for chain, label in chain_choices()})
        if self.instance.pk:
            self.initial["applicant_ranks"] = [r for r in self.instance.applicant_ranks.split(",") if r]

    def clean_applicant_ranks(self):
        return ",".join(self.cleaned_data["applicant_ranks"])

    def clean(self):
        data = super().clean()
        minimum, maximum = data.get("min_value"), data.get("max_value")
        if (minimum is not None or maximum is not None) and not data.get("fact"):
            self.add_error("fact", "设置了金额/天数界限时，请选择条件依据。")
        if minimum is not None and maximum is not None and minimum >= maximum:
            self.add_error("max_value", "“低于”必须大于“不低于”。")
        return data


@admin.register(ApprovalRule)
class ApprovalRuleAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """Who approves what, from which amount: the system administrator's configuration."""

    form = ApprovalRuleForm
    list_display = ("process_label", "chain_label", "seq", "label", "role", "condition", "ranks", "time_limit_days", "active")
    list_filter = ("process", "chain", "active")
    ordering = ("process", "chain", "seq")

    @admin.display(description="流程")
    def process_label(self, obj):
        process = all_processes().get(obj.process)
        return process.label if process else obj.process

    @admin.display(description="审批链")
    def chain_label(self, obj):
        process = all_processes().get(obj.process)
        return dict(process.chains()).get(obj.chain, obj.chain) if process else obj.chain

    @admin.display(description="条件")
    def condition(self, obj):
        if not obj.fact:
            return "无条件"
        parts = []
        if obj.min_value is not None:
            parts.append(f"≥ {obj.min_value}")
        if obj.max_value is not None:
            parts.append(f"< {obj.max_value}")
        return f"{obj.get_fact_display()} {' 且 '.join(parts)}"

    @admin.display(description="适用申请人")
    def ranks(self, obj):
        labels = dict(RANK_CHOICES)
        return "、".join(labels.get(r, r) for r in obj.applicant_ranks.split(",") if r) or "全部"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record("config.approval_rule", actor=request.user, obj=obj, detail={"fields": form.changed_data})

    def delete_model(self, request, obj):
        record("config.approval_rule_delete", actor=request.user, obj=obj)
        super().delete_model(request, obj)


@admin.register(Delegation)
class DelegationAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """Delegations are made by staff themselves (我的委托); the security administrator oversees
    them here, read-only, because a delegate sees the principal's pending cases."""

    admin_roles = {AdminRole.SECURITY}
    read_only = True
    list_display = ("principal", "delegate", "start_date", "end_date", "reason", "cancelled_at")
    list_filter = ("start_date",)


@admin.register(SweepRun)
class SweepRunAdmin(RoleRestrictedAdmin, admin.ModelAdmin):
    admin_roles = {AdminRole.SYSTEM}
    read_only = True
    list_display = ("started_at", "finished_at", "notices_created")
