from django import forms

from apps.org.models import Section
from apps.workflow.forms import MultipleFileField
from apps.workflow.models import Sensitivity


class GeneralRequestForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="事项内容", max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
    amount = forms.DecimalField(
        label="涉及金额（元）",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text="不涉及金额请留空；达到规定金额的，审批链会自动增加领导环节。",
    )
    countersign_sections = forms.ModelMultipleChoiceField(
        label="会签科室",
        required=False,
        queryset=Section.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="需要其他科室共同研究的，勾选后由各科室负责人并行会签。",
    )
    sensitivity = forms.TypedChoiceField(
        label="密级标识",
        coerce=int,
        choices=Sensitivity.choices,
        initial=Sensitivity.INTERNAL,
        help_text="国家秘密事项不得在本平台处理。",
    )
    attachments = MultipleFileField(label="附件")

    def __init__(self, *args, section=None, **kwargs):
        super().__init__(*args, **kwargs)
        sections = Section.objects.filter(kind=Section.Kind.SECTION).order_by("order")
        if section is not None:
            sections = sections.exclude(pk=section.pk)
        self.fields["countersign_sections"].queryset = sections
        self.fields["title"].widget.attrs["placeholder"] = "如：关于采购档案密集柜的请示"

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if len(title) < 4:
            raise forms.ValidationError("标题太短，请写明事项。")
        return title
