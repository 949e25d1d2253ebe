from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from .models import Level

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PieceForm(forms.Form):
    title = forms.CharField(label="标题", max_length=100, error_messages={"required": "请填写标题。"})
    body = forms.CharField(
        label="正文",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        error_messages={"required": "请填写正文。"},
    )
    author = forms.ModelChoiceField(label="撰稿人", queryset=get_user_model().objects.none(), required=False)
    co_authors = forms.CharField(
        label="联合撰稿人、照片提供者", max_length=100, required=False, help_text="共同署名，统计时按1条统计"
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(is_active=True, admin_role="", section_id=user.section_id)
        self.fields["author"].queryset = people.order_by("full_name")
        self.fields["author"].initial = user.pk
        self.fields["author"].label_from_instance = lambda u: u.full_name
        self.fields["author"].help_text = "稿件归属权以署名为准，加分和上稿任务计入撰稿人；默认为报送人本人"


class EditForm(forms.Form):
    DECISIONS = [("accept", "编辑采用，待编入简报"), ("return", "退回修改"), ("not_used", "不予采用")]
    decision = forms.ChoiceField(label="编辑结果", choices=DECISIONS, widget=forms.RadioSelect, initial="accept")
    title = forms.CharField(label="编辑后标题", max_length=100, required=False)
    body = forms.CharField(label="编辑后正文", widget=forms.Textarea(attrs={"rows": 10}), required=False)
    remark = forms.CharField(label="编辑意见", max_length=200, required=False, help_text="退回或不予采用的必填")


class ResubmitForm(forms.Form):
    title = forms.CharField(label="标题", max_length=100, error_messages={"required": "请填写标题。"})
    body = forms.CharField(
        label="正文", widget=forms.Textarea(attrs={"rows": 10}), error_messages={"required": "请填写正文。"}
    )


class AdoptionForm(forms.Form):
    medium = forms.CharField(label="采用媒体", max_length=60, error_messages={"required": "请填写采用媒体。"})
    level = forms.ChoiceField(label="级别", choices=Level.choices)
    adopted_on = forms.DateField(label="刊发日期", widget=DATE, error_messages={"required": "请填写刊发日期。"})
    evidence = forms.CharField(
        label="凭证",
        max_length=200,
        error_messages={"required": "请填写凭证。"},
        help_text="撰稿人提供的复印件或网络稿打印件；网络稿写网址",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adopted_on"].initial = timezone.localdate()


class IssueForm(forms.Form):
    title = forms.CharField(label="本期标题", max_length=100, error_messages={"required": "请填写本期标题。"})


class TeamForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    members = forms.ModelMultipleChoiceField(
        label="专班成员",
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择专班成员。"},
    )
    decided_on = forms.DateField(label="党组研究决定日期", widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(is_active=True, admin_role="", section__isnull=False)
        self.fields["members"].queryset = people.select_related("section").order_by("section__order", "full_name")
        self.fields["members"].label_from_instance = lambda u: f"{u.full_name}（{u.section.name}）"
        self.fields["year"].initial = timezone.localdate().year
