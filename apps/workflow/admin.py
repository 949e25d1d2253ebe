from datetime import date

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin
from apps.accounts.models import AdminRole, Rank

from .models import ApprovalRule, DeadlineRule, Delegation, SweepRun
from .processes import all_processes

RANK_CHOICES = [(value, label) for value, label in Rank.choices if value]
# One select value names the process and its chain (or step) together: a chain code such as
# "approval" is shared by many processes, so a select of bare codes shows the first process's
# label for every one of them and lets a row be saved under another process's chain.
SEP = "::"
LONG_TEXT = forms.Textarea(attrs={"rows": 2, "cols": 80})


def process_choices():
    return [(code, f"{p.label}（{code}）") for code, p in sorted(all_processes().items(), key=lambda i: i[1].label)]


def chain_choices():
    """[(process label, [(process::chain, "process label · chain label"), ...]), ...] for a grouped select."""
    groups = []
    for code, process in sorted(all_processes().items(), key=lambda i: i[1].label):
        chains = [(f"{code}{SEP}{chain}", f"{process.label} · {label}") for chain, label in process.chains()]
        if chains:
            groups.append((process.label, chains))
    return groups


def step_choices():
    """Grouped (process::step, "process · step label") for every fixed step and chain of every process."""
    groups = []
    for code, process in sorted(all_processes().items(), key=lambda i: i[1].label):
        steps = []
        for step in process.steps:
            key = getattr(step, "code", None) or step.chain
            steps.append((f"{code}{SEP}{key}", f"{process.label} · {step.label}（{key}）"))
        groups.append((process.label, steps))
    return groups


def process_label(code):
    process = all_processes().get(code)
    return process.label if process else f"{code}（未定义的流程）"


def chain_label(process_code, chain):
    process = all_processes().get(process_code)
    return dict(process.chains()).get(chain, f"{chain}（该流程没有此审批链）") if process else chain


class ProcessFilter(admin.SimpleListFilter):
    """The process list filter, in Chinese labels instead of codes such as matters.general."""

    title = "流程"
    parameter_name = "process"

    def lookups(self, request, model_admin):
        used = set(model_admin.model.objects.values_list("process", flat=True).distinct())
        return [(code, process_label(code)) for code in sorted(used, key=process_label)]

    def queryset(self, request, queryset):
        return queryset.filter(process=self.value()) if self.value() else queryset


class ChainFilter(admin.SimpleListFilter):
    title = "审批链"
    parameter_name = "chain"

    def lookups(self, request, model_admin):
        pairs = ApprovalRule.objects.values_list("process", "chain").distinct()
        options = {f"{p}{SEP}{c}": f"{process_label(p)} · {chain_label(p, c)}" for p, c in pairs}
        return sorted(options.items(), key=lambda item: item[1])

    def queryset(self, request, queryset):
        if not self.value() or SEP not in self.value():
            return queryset
        process, chain = self.value().split(SEP, 1)
        return queryset.filter(process=process, chain=chain)


class ReasonedForm(forms.ModelForm):
    """A change needs a reason: it goes into the rule's history (修改原因) beside who and when."""

    change_reason = forms.CharField(
        label="修改原因",
        max_length=100,
        help_text="写入修改记录，如“依据××通知调整”。",
        error_messages={"required": "请填写修改原因（写入修改记录）。"},
    )

    # combined form fields and the model fields they set, for the audit record
    COMBINED = {"process_chain": ["process", "chain"], "process_step": ["step"]}

    def audited_changes(self):
        names = []
        for name in self.changed_data:
            if name != "change_reason":
                names += self.COMBINED.get(name, [name])
        return names

    def save(self, commit=True):
        self.instance._change_reason = self.cleaned_data["change_reason"]
        return super().save(commit)


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class ApprovalRuleForm(ReasonedForm):
    process_chain = forms.ChoiceField(
        label="流程 · 审批链", error_messages={"invalid_choice": "所选的流程或审批链不存在，请从列表中选择。"}
    )
    applicant_ranks = forms.MultipleChoiceField(
        label="适用申请人层级",
        choices=RANK_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不勾选表示适用于所有申请人。",
    )

    class Meta:
        model = ApprovalRule
        exclude = ("process", "chain")
        widgets = {"note": LONG_TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process_chain"].choices = [("", "（请选择）")] + chain_choices()
        if self.instance.pk:
            self.initial["process_chain"] = f"{self.instance.process}{SEP}{self.instance.chain}"
            self.initial["applicant_ranks"] = [r for r in self.instance.applicant_ranks.split(",") if r]
        else:
            self.fields["change_reason"].required = False
            self.fields["change_reason"].initial = "新增规则"

    def clean_applicant_ranks(self):
        return ",".join(self.cleaned_data["applicant_ranks"])

    def clean(self):
        data = super().clean()
        minimum, maximum = data.get("min_value"), data.get("max_value")
        if (minimum is not None or maximum is not None) and not data.get("fact"):
            self.add_error("fact", "设置了金额/天数界限时，请选择条件依据。")
        if minimum is not None and maximum is not None and minimum >= maximum:
            self.add_error("max_value", "“低于”必须大于“不低于”。")
        role = data.get("role")
        if role == ApprovalRule.Role.POSITION and not data.get("position"):
            self.add_error("position", "审批人为“指定职能岗位”时，请选择职能岗位。")
        if role == ApprovalRule.Role.USER:
            user = data.get("user")
            if not user:
                self.add_error("user", "审批人为“指定人员”时，请选择人员。")
            elif not user.is_active or user.admin_role:
                self.add_error("user", "指定人员必须是在用的业务人员（管理员账号不能审批业务）。")
        if role != ApprovalRule.Role.POSITION and data.get("position"):
            self.add_error("position", "只有审批人为“指定职能岗位”时才选择职能岗位。")
        if role != ApprovalRule.Role.USER and data.get("user"):
            self.add_error("user", "只有审批人为“指定人员”时才选择人员。")
        value = data.get("process_chain") or ""
        if SEP not in value:
            return data
        process, chain = value.split(SEP, 1)
        if (chain, chain_label(process, chain)) not in all_processes()[process].chains():
            self.add_error("process_chain", "该流程没有这条审批链。")
            return data
        self.instance.process, self.instance.chain = process, chain
        self._check_chain_left_empty(process, chain, data)
        seq = data.get("seq")
        clash = ApprovalRule.objects.filter(process=process, chain=chain, seq=seq).exclude(pk=self.instance.pk)
        if seq is not None and clash.exists():
            self.add_error("seq", f"“{chain_label(process, chain)}”已有第 {seq} 步，请换一个顺序号。")
        return data

    def _check_chain_left_empty(self, process, chain, data):
        """A chain with no active row drops its approval silently from every new case: refuse to
        move or deactivate the last active row of the chain it is in now."""
        old = self.instance.pk and ApprovalRule.objects.filter(pk=self.instance.pk).first()
        if not old or not old.active:
            return
        leaving = (old.process, old.chain) != (process, chain) or not data.get("active")
        others = ApprovalRule.objects.filter(process=old.process, chain=old.chain, active=True).exclude(pk=old.pk)
        if leaving and not others.exists():
            self.add_error(
                None,
                f"这是“{process_label(old.process)} · {chain_label(old.process, old.chain)}”唯一在用的环节："
                "停用或移走后，新提交的事项将不经审批。请先为该审批链添加其他环节。",
            )


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
    list_filter = (ProcessFilter, ChainFilter, "active")
    ordering = ("process", "chain", "seq")
    readonly_fields = ("affects",)
    fieldsets = (
        (None, {"fields": ("process_chain", "seq", "label", "role", "position", "user", "time_limit_days", "active")}),
        ("适用条件", {"fields": ("fact", "min_value", "max_value", "applicant_ranks")}),
        ("说明", {"fields": ("note",)}),
        ("影响", {"fields": ("affects",)}),
        ("修改记录", {"fields": ("change_reason",)}),
    )

    @admin.display(description="影响")
    def affects(self, obj):
        """The live chain this row belongs to, in order, as new cases will get it."""
        if not obj or not obj.pk:
            return "保存后显示该审批链当前的全部环节。"
        rows = ApprovalRule.objects.filter(process=obj.process, chain=obj.chain).order_by("seq")
        return format_html(
            "新提交的“{}”事项按“{}”审批链：<ol>{}</ol>已在办的事项不受影响（路线在提交时确定）。",
            process_label(obj.process),
            chain_label(obj.process, obj.chain),
            format_html_join(
                "",
                "<li>{}：{}（{}；申请人：{}）{}</li>",
                (
                    (r.label, r.get_role_display(), self.condition(r), self.ranks(r), "" if r.active else "（已停用）")
                    for r in rows
                ),
            ),
        )

    @admin.display(description="流程", ordering="process")
    def process_label(self, obj):
        return process_label(obj.process)

    @admin.display(description="审批链", ordering="chain")
    def chain_label(self, obj):
        return chain_label(obj.process, obj.chain)

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


class DeadlineRuleForm(ReasonedForm):
    process = forms.ChoiceField(label="流程", error_messages={"invalid_choice": "所选流程不存在，请从列表中选择。"})
    process_step = forms.ChoiceField(
        label="环节",
        required=False,
        help_text="环节期限必选；案件期限可不选。须是所选流程的环节。",
        error_messages={"invalid_choice": "所选环节不存在，请从列表中选择。"},
    )

    class Meta:
        model = DeadlineRule
        exclude = ("step",)
        widgets = {name: LONG_TEXT for name in ("start_event", "pause_rule", "extension_rule", "on_expiry", "basis")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].choices = [("", "（请选择）")] + process_choices()
        self.fields["process_step"].choices = [("", "（不指定环节）")] + step_choices()
        if self.instance.pk and self.instance.step:
            self.initial["process_step"] = f"{self.instance.process}{SEP}{self.instance.step}"
        if not self.instance.pk:
            self.fields["change_reason"].required = False
            self.fields["change_reason"].initial = "新增规则"

    def clean_code(self):
        from .rules import import_app_modules, named_deadline_rules

        code = self.cleaned_data["code"]
        if self.instance.pk and code == self.instance.code:
            return code
        if self.instance.pk and self.instance.clocks.exists():
            raise forms.ValidationError("已有事项按此规则计时，不能修改代码。")
        import_app_modules()
        if code not in named_deadline_rules():
            # A code no process reads is a rule that silently does nothing.
            raise forms.ValidationError("没有任何流程使用此代码：规则代码由各应用的程序确定，请从已有规则中修改。")
        return code

    def clean(self):
        data = super().clean()
        rule = self.instance
        if rule.pk and "unit" in self.changed_data and rule.clocks.exists():
            # Clocks keep their length from the day they started; a new unit would re-read them.
            self.add_error("unit", "已有事项按此规则计时，不能修改单位；请停用本规则并新建一条。")
        if data.get("max_extension") is not None and not (data.get("extension_rule") or "").strip():
            self.add_error("extension_rule", "设置了最长延长期限时，请写明延长的条件（如“经负责人批准”）。")
        if rule.pk and rule.clocks.exists() and data.get("process") and data["process"] != rule.process:
            self.add_error("process", "已有事项按此规则计时，不能改到其他流程；请停用本规则并新建一条。")
        process, step = data.get("process"), ""
        value = data.get("process_step") or ""
        if value:
            step_process, step = value.split(SEP, 1)
            if process and step_process != process:
                self.add_error("process_step", "所选环节不属于所选流程。")
        if data.get("scope") == DeadlineRule.Scope.STEP and not step:
            self.add_error("process_step", "环节期限须指定环节。")
        rule.step = step
        return data


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """Statutory and internal time limits (STATUTES.md): numbers in the admin, every edit kept."""

    form = DeadlineRuleForm
    audit_event = "config.deadline_rule"
    list_display = (
        "name",
        "process_name",
        "code",
        "period",
        "mode_short",
        "basis_display",
        "remind_before",
        "escalate_after",
        "active",
    )
    list_filter = ("verified", "statutory", ProcessFilter, "unit", "mode", "active")
    search_fields = ("code", "name", "basis", "start_event")
    ordering = ("process", "code")
    readonly_fields = ("affects", "due_if_started_today")
    fieldsets = (
        (None, {"fields": ("code", "process", "scope", "process_step", "name", "active")}),
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
        ("依据", {"fields": ("basis", "verified", "statutory")}),
        ("影响", {"fields": ("affects", "due_if_started_today")}),
        ("修改记录", {"fields": ("change_reason",)}),
    )

    @admin.display(description="流程", ordering="process")
    def process_name(self, obj):
        return process_label(obj.process)

    @admin.display(description="使用此规则")
    def affects(self, obj):
        from .models import CaseClock
        from .rules import import_app_modules, named_deadline_rules

        if not obj or not obj.pk:
            return "保存后显示。"
        import_app_modules()
        where = named_deadline_rules().get(obj.code)
        running = CaseClock.objects.filter(
            rule=obj, status__in=[CaseClock.Status.RUNNING, CaseClock.Status.PAUSED]
        ).count()
        used = f"由程序 {where} 使用" if where else "没有程序按代码读取此规则（仅作说明）"
        state = "" if obj.active else "；本规则已停用，新事项不再计时"
        return f"流程：{process_label(obj.process)}；{used}；正在计时的事项 {running} 件{state}。"

    @admin.display(description="若今天起算")
    def due_if_started_today(self, obj):
        from . import deadlines

        if not obj or not obj.pk:
            return "保存后显示。"
        today = timezone.localdate()
        raw, due = deadlines.end_of_period(obj, today, obj.length)
        text = f"{_cn(today)}起算 {obj.length} {obj.get_unit_display()}：到期日 {_cn(due)}"
        if raw != due:
            text += f"（期满日 {_cn(raw)} 为休息日，顺延）"
        return text + "。"

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
