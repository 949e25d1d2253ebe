from django import forms
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from apps.org.models import Section

from .deadlines import extension_approvers
from .processes import all_processes

OPINION_MAX = 2000


def business_users():
    return (
        get_user_model()
        .objects.filter(is_active=True, admin_role="")
        .select_related("section")
        .order_by("section__order", "full_name")
    )


def staff_label(full_name, section_name):
    """How a staff picker names a person: 姓名（科室）, or （局领导） for the bureau's leaders."""
    return f"{full_name}（{section_name if section_name is not None else '局领导'}）"


class StaffChoices:
    """(id, label) of every business_users() person, read in one query (no model instances)
    when first iterated and kept: the case page's 转交 and 传阅 pickers share one."""

    def __init__(self):
        self.rows = None

    def __iter__(self):
        if self.rows is None:
            people = business_users().values_list("pk", "full_name", "section__name")
            self.rows = [(pk, staff_label(name, section)) for pk, name, section in people]
        return iter(self.rows)


class StaffChoiceIterator(forms.models.ModelChoiceIterator):
    """The field's `people` (a StaffChoices) when the page gave it one, else Django's own
    iteration over the queryset. Validation always goes through the queryset."""

    def __iter__(self):
        people = getattr(self.field, "people", None)
        if people is None:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from people


class UserChoiceField(forms.ModelChoiceField):
    iterator = StaffChoiceIterator

    def label_from_instance(self, obj):
        return staff_label(obj.full_name, obj.section.name if obj.section else None)


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = StaffChoiceIterator

    def label_from_instance(self, obj):
        return staff_label(obj.full_name, obj.section.name if obj.section else None)


SECTION_CHOICES_KEY = "workflow:section-choices"


def section_choices():
    """(id, name) of the bureau's sections for the inbox filter, cached: the list changes a few
    times a year and is read on every inbox page (one query, no server-side cursor, when the
    cache is cold). Saving or deleting a Section clears it (apps.py)."""
    choices = cache.get(SECTION_CHOICES_KEY)
    if choices is None:
        choices = list(Section.objects.filter(kind=Section.Kind.SECTION).order_by("order").values_list("pk", "name"))
        cache.set(SECTION_CHOICES_KEY, choices, 600)
    return choices


def forget_section_choices(**kwargs):
    cache.delete(SECTION_CHOICES_KEY)


class InboxFilterForm(forms.Form):
    q = forms.CharField(
        label="关键词",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "标题或编号关键词", "type": "search"}),
    )
    section = forms.TypedChoiceField(label="科室", required=False, coerce=int, empty_value=None)
    process = forms.ChoiceField(label="类型", required=False)
    due_before = forms.DateField(label="期限不晚于", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(label="排序", required=False, choices=[("", "按送达时间"), ("due", "按期限（最紧先）")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "全部科室"), *section_choices()]
        self.fields["process"].choices = [("", "全部类型")] + [
            (code, p.label) for code, p in sorted(all_processes().items())
        ]

    def params(self):
        """Cleaned filter values as plain strings, or {} when the form is invalid."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "section": str(data["section"]) if data.get("section") else "",
            "process": data.get("process") or "",
            "due_before": data["due_before"].isoformat() if data.get("due_before") else "",
            "sort": data.get("sort") or "",
        }


class OpinionForm(forms.Form):
    opinion = forms.CharField(
        label="意见", required=False, max_length=OPINION_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class InstructionForm(forms.Form):
    """批示: the leader's written instruction (Step.instruction)."""

    opinion = forms.CharField(label="批示意见", max_length=OPINION_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    target = forms.TypedChoiceField(label="退回至", coerce=int)
    opinion = forms.CharField(label="退回理由", max_length=OPINION_MAX, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = list(targets)


class TransferForm(forms.Form):
    """转交他人办理: the engine's hand-over of one's own task (not a section app's 转办 step)."""

    to_user = UserChoiceField(label="转交给", queryset=get_user_model().objects.none())
    opinion = forms.CharField(label="转交理由", max_length=OPINION_MAX, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = business_users()
        self.fields["to_user"].people = people  # a StaffChoices the page shares, or None


class CompleteForm(forms.Form):
    opinion = forms.CharField(label="办理结果", max_length=OPINION_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class CirculateForm(forms.Form):
    readers = UserMultipleChoiceField(
        label="阅知人", queryset=get_user_model().objects.none(), widget=forms.SelectMultiple(attrs={"size": 8})
    )
    note = forms.CharField(label="传阅说明", required=False, max_length=200)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["readers"].queryset = business_users()
        self.fields["readers"].people = people  # a StaffChoices the page shares, or None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is validated by apps.workflow.attachments."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        from .attachments import validate_upload

        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in files]
        errors = []
        for item in cleaned:
            try:
                validate_upload(item)
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


class DelegationForm(forms.Form):
    delegate = UserChoiceField(label="代理人", queryset=get_user_model().objects.none())
    start_date = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label="事由", max_length=200, widget=forms.TextInput(attrs={"placeholder": "如：年休假、出差"})
    )

    def __init__(self, *args, principal=None, **kwargs):
        super().__init__(*args, **kwargs)
        users = business_users()
        if principal is not None:
            users = users.exclude(pk=principal.pk)
        self.fields["delegate"].queryset = users

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", "结束日期不能早于开始日期。")
        return data


class ClockDateForm(forms.Form):
    """中止计时 / 恢复计时 / 重新起算: the day it happened and why."""

    on_date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="事由", max_length=200, widget=forms.TextInput())

    def __init__(self, *args, reason_placeholder="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_date"].initial = timezone.localdate()
        if reason_placeholder:
            self.fields["reason"].widget.attrs["placeholder"] = reason_placeholder


class ClockExtendForm(forms.Form):
    days = forms.IntegerField(label="延长", min_value=1, max_value=3650)
    approved_by = UserChoiceField(label="批准人", queryset=get_user_model().objects.none())
    reason = forms.CharField(
        label="事由", max_length=200, widget=forms.TextInput(attrs={"placeholder": "如：情况复杂，需要进一步调查"})
    )

    def __init__(self, *args, case=None, unit_label="", **kwargs):
        super().__init__(*args, **kwargs)
        if unit_label:
            self.fields["days"].label = f"延长（{unit_label}）"
        if case is not None:
            # The process names the approvers (Process.extension_approvers), so the list offered
            # is exactly the one deadlines.extend_clock accepts.
            self.fields["approved_by"].queryset = business_users().filter(pk__in=extension_approvers(case).values("pk"))


class NotificationSettingsForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["email", "notify_by_email"]
        labels = {"email": "电子邮箱", "notify_by_email": "期限提醒同时发送电子邮件"}
        help_texts = {"email": "用于接收期限提醒邮件；限定知悉范围和工作秘密事项的邮件不含标题。"}
        error_messages = {"email": {"invalid": "请输入有效的电子邮箱地址。"}}

    def clean(self):
        data = super().clean()
        if data.get("notify_by_email") and not data.get("email"):
            self.add_error("email", "要接收邮件提醒，请先填写电子邮箱。")
        return data
