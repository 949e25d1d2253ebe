from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin
from apps.accounts.models import AdminRole, Rank

from .models import ApprovalRule, DeadlineRule, Delegation, SweepRun
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
        label="适用申请人层级",
        choices=RANK_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
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
    audit_event = "config.approval_rule"  # written by the admin audit mixin, with the changed fields
    list_display = (
        "process_label",
        "chain_label",
        "seq",
        "label",
        "role",
        "condition",
        "ranks",
        "time_limit_days",
        "active",
    )
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


class DeadlineRuleForm(forms.ModelForm):
    class Meta:
        model = DeadlineRule
        fields = "__all__"

    def clean(self):
        data = super().clean()
        rule = self.instance
        if rule.pk and "unit" in self.changed_data and rule.clocks.exists():
            # Clocks keep their length from the day they started; a new unit would re-read them.
            self.add_error("unit", "已有事项按此规则计时，不能修改单位；请停用本规则并新建一条。")
        if data.get("max_extension") is not None and not (data.get("extension_rule") or "").strip():
            self.add_error("extension_rule", "设置了最长延长期限时，请写明延长的条件（如“经负责人批准”）。")
        return data


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """Statutory and internal time limits (STATUTES.md): numbers in the admin, every edit kept."""

    form = DeadlineRuleForm
    audit_event = "config.deadline_rule"
    list_display = (
        "name",
        "process",
        "code",
        "period",
        "mode_short",
        "basis_display",
        "remind_before",
        "escalate_after",
        "active",
    )
    list_filter = ("verified", "process", "unit", "mode", "active")
    search_fields = ("code", "name", "basis", "start_event")
    ordering = ("process", "code")
    fieldsets = (
        (None, {"fields": ("code", "process", "scope", "step", "name", "active")}),
        (
            "期限",
            {
                "fields": (
                    "length",
                    "unit",
                    "mode",
                    "start_event",
                    "pause_rule",
                    "extension_rule",
                    "extend_before_due_only",
                    "max_extension",
                    "rolls_forward",
                    "on_expiry",
                )
            },
        ),
        ("提醒与督办", {"fields": ("remind_before", "escalate_after")}),
        ("依据", {"fields": ("basis", "verified")}),
    )

    @admin.display(description="计算方式", ordering="mode")
    def mode_short(self, obj):
        # the choice labels explain each mode at length (for the form); the list needs one word
        return obj.get_mode_display().split("（")[0]

    @admin.display(description="期限", ordering="length")
    def period(self, obj):
        return f"{obj.length} {obj.get_unit_display()}"

    @admin.display(description="法律依据", ordering="basis")
    def basis_display(self, obj):
        from django.utils.html import format_html

        if obj.verified:
            return obj.basis
        return format_html('{} <b class="unverified">待核实</b>', obj.basis)

    def has_delete_permission(self, request, obj=None):
        # A rule in use is deactivated, not deleted (and the refusal page would list the cases'
        # titles, which administrators must not see).
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.clocks.exists())

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


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
