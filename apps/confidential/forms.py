from django import forms
from django.utils import timezone

from apps.accounts.models import Rank
from apps.workflow.forms import UserChoiceField, UserMultipleChoiceField, business_users

from .models import Channel, Classification, Disposal, Kind, Urgency, parse_copy_numbers
from .processes import FILES_REFUSED

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NoFilesForm(forms.Form):
    """A form of the classified register: a file sent with it makes it invalid, with the reason."""

    def __init__(self, data=None, files=None, *args, **kwargs):
        super().__init__(data, files, *args, **kwargs)
        self.sent_files = bool(files)

    def clean(self):
        data = super().clean()
        if self.sent_files:
            raise forms.ValidationError(FILES_REFUSED, code="files_refused")
        return data


class ItemForm(NoFilesForm):
    kind = forms.ChoiceField(label="登记簿", choices=Kind.choices)
    received_on = forms.DateField(label="领取日期", widget=DATE)
    channel = forms.ChoiceField(label="来源渠道", choices=Channel.choices, initial=Channel.COLLECTED)
    source = forms.CharField(
        label="来文单位", max_length=100, widget=forms.TextInput(attrs={"placeholder": "如 区委办公室"})
    )
    source_number = forms.CharField(label="文号/电报号", max_length=60, required=False)
    title = forms.CharField(
        label="标题（或内容摘要）",
        max_length=200,
        help_text="只登记机要保密部门准许登记的标题或摘要，不得录入正文内容。",
    )
    classification = forms.ChoiceField(label="密级", choices=Classification.choices)
    secrecy_period = forms.CharField(label="保密期限", max_length=20, required=False, help_text="如 10年；未标注的留空")
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, required=False)
    copies = forms.IntegerField(label="份数", min_value=1, max_value=999)
    copy_numbers = forms.CharField(
        label="份号",
        max_length=200,
        help_text="6位数字，多个用顿号分隔，连续的可写 000012-000014",
    )
    pages = forms.IntegerField(label="页数", min_value=1, max_value=9999, required=False)
    cabinet = forms.CharField(label="保管位置", max_length=60, required=False, help_text="指定的密件柜及格位")
    readers = UserMultipleChoiceField(
        label="拟呈阅领导",
        required=False,
        queryset=business_users().none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="依次呈分管领导、主要领导阅示；不选则由办公室主任拟办后办结。",
    )
    handler = UserChoiceField(
        label="拟转办承办人",
        required=False,
        queryset=business_users().none(),
        help_text="需要科室、承办单位办理的，选择承办人；阅件不选。",
    )
    handle_days = forms.IntegerField(label="办理时限（工作日）", min_value=1, max_value=60, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["readers"].queryset = business_users().filter(rank__in=(Rank.DIVISION_LEADER, Rank.DIRECTOR))
        self.fields["handler"].queryset = business_users()
        self.fields["received_on"].initial = timezone.localdate()

    def clean_copy_numbers(self):
        try:
            return "、".join(parse_copy_numbers(self.cleaned_data["copy_numbers"]))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("领取日期不能晚于今天。")
        return day

    def clean(self):
        data = super().clean()
        numbers = data.get("copy_numbers")
        if numbers and data.get("copies") and len(numbers.split("、")) != data["copies"]:
            self.add_error("copy_numbers", f"份号共 {len(numbers.split('、'))} 个，与份数 {data['copies']} 不符。")
        if data.get("handler") and not data.get("handle_days"):
            self.add_error("handle_days", "转办须确定办理时限。")
        return data

    @classmethod
    def initial_for(cls, item):
        initial = {
            field: getattr(item, field)
            for field in (
                "kind",
                "received_on",
                "channel",
                "source",
                "source_number",
                "title",
                "classification",
                "secrecy_period",
                "urgency",
                "copies",
                "copy_numbers",
                "pages",
                "cabinet",
                "handle_days",
            )
        }
        initial["handler"] = item.handler_id
        initial["readers"] = list(item.readers.values_list("pk", flat=True))
        return initial


class CabinetForm(NoFilesForm):
    cabinet = forms.CharField(label="保管位置", max_length=60)


class GrantForm(NoFilesForm):
    reader = UserChoiceField(label="知悉人", queryset=business_users().none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reader"].queryset = business_users()


class LendForm(NoFilesForm):
    borrower = UserChoiceField(label="借阅人", queryset=business_users().none())
    copy_numbers = forms.CharField(label="借出份号", max_length=200)
    purpose = forms.CharField(label="借阅事由", max_length=200)
    days = forms.IntegerField(label="借阅期限（工作日）", min_value=1, max_value=30, initial=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["borrower"].queryset = business_users()


class ReturnForm(NoFilesForm):
    note = forms.CharField(
        label="收回情况", max_length=200, required=False, widget=forms.TextInput(attrs={"placeholder": "如 完好无损"})
    )


class DisposeForm(NoFilesForm):
    kind = forms.ChoiceField(
        label="处置方式", choices=[(Disposal.Kind.DESTROY, "销毁"), (Disposal.Kind.RETURN, "清退")]
    )
    on_date = forms.DateField(label="日期", widget=DATE)
    approved_by = UserChoiceField(label="批准人", queryset=business_users().none())
    witness = UserChoiceField(label="监销人", required=False, queryset=business_users().none(), help_text="销毁时必填")
    method = forms.CharField(
        label="销毁方式/地点",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "如 送区保密局销毁中心"}),
    )
    receiver_unit = forms.CharField(label="清退接收单位", max_length=100, required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        from .services import approvers

        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = (
            approvers().select_related("section").order_by("section__order", "full_name")
        )
        self.fields["witness"].queryset = business_users()
        self.fields["on_date"].initial = timezone.localdate()

    def clean_on_date(self):
        day = self.cleaned_data["on_date"]
        if day > timezone.localdate():
            raise forms.ValidationError("日期不能晚于今天。")
        return day


class TransferForm(NoFilesForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    archivist = UserChoiceField(label="接收档案员", queryset=business_users().none())
    on_date = forms.DateField(label="移交日期", widget=DATE)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        from .services import archivists

        super().__init__(*args, **kwargs)
        self.fields["archivist"].queryset = archivists().select_related("section")
        today = timezone.localdate()
        self.fields["year"].initial = today.year - 1 if today.month < 7 else today.year  # January: last year
        self.fields["on_date"].initial = timezone.localdate()
