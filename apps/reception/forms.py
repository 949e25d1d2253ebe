from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.org.models import Section
from apps.privacy.fields import PersonalDataFormField

from .models import Kind, Outcome
from .services import disclosure_available, outcomes


def _now_local():
    return timezone.localtime().replace(second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M")


def _reply_forms():
    if disclosure_available():
        from apps.disclosure.models import ReplyForm

        return ReplyForm.choices
    return [("paper", "纸质")]


class ContactForm(forms.Form):
    """The duty desk's one-step form: who came or called, what they want, and what was done."""

    kind = forms.ChoiceField(label="方式", choices=Kind.choices, initial=Kind.VISIT, widget=forms.RadioSelect)
    occurred_at = forms.DateTimeField(
        label="时间",
        initial=_now_local,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    name = forms.CharField(label="姓名", max_length=40)
    phone = PersonalDataFormField(kind="phone", label="联系电话", required=False)
    headcount = forms.IntegerField(label="人数", min_value=1, max_value=9999, initial=1)
    summary = forms.CharField(label="反映事项（摘要）", widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(label="处理方式", widget=forms.RadioSelect)
    answer = forms.CharField(
        label="解答内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="当场解答时填写：答复了什么、一次性告知了哪些事项。",
    )
    id_number = PersonalDataFormField(
        kind="id_number", label="身份证号码", required=False, help_text="转为信访事项或信息公开申请时填写（可不填）。"
    )
    address = PersonalDataFormField(
        kind="address", label="住址", required=False, help_text="用于送达书面告知（可不填）。"
    )
    reply_form = forms.ChoiceField(label="信息公开：获取信息的方式", required=False)
    section = forms.ModelChoiceField(
        label="转交科室", queryset=Section.objects.none(), required=False, empty_label="（请选择）"
    )
    note = forms.CharField(
        label="转交说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="转交科室时填写：请科室做什么、是否已与来访人约定回复时间。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = outcomes()
        self.fields["reply_form"].choices = _reply_forms()
        chiefs = get_user_model().objects.filter(is_active=True, rank="chief").values("section_id")
        self.fields["section"].queryset = Section.objects.filter(pk__in=chiefs).order_by("order", "id")

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError("接待时间不能晚于现在。")
        return value

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == Outcome.ANSWERED and not (data.get("answer") or "").strip():
            self.add_error("answer", "当场解答的，请填写解答内容。")
        if outcome == Outcome.SECTION and not data.get("section"):
            self.add_error("section", "转交科室的，请选择科室。")
        if outcome == Outcome.DISCLOSURE and data.get("kind") == Kind.CALL:
            self.add_error(
                "outcome",
                "电话不能登记为政府信息公开申请（应书面提出，确有困难的可当面口头提出）；请一次性告知来电人申请方式。",
            )
        return data
