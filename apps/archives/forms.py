from django import forms

from .models import ArchiveItem, Retention


class ArchiveForm(forms.Form):
    retention = forms.ChoiceField(label="保管期限", choices=Retention.choices, widget=forms.RadioSelect)
    title = forms.CharField(label="题名", max_length=300, help_text="自拟题名请加方括号，如 [关于……的请示]")
    pages = forms.IntegerField(
        label="页数",
        min_value=1,
        max_value=99999,
        required=False,
        help_text="留空则按归档电子文件的页数；不保存电子文件的（密件）须填写",
    )
    note = forms.CharField(label="备注", max_length=200, required=False)


class LoanForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        label="借阅档案",
        queryset=ArchiveItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="只列出您有权查看、未借出的非密档案；密件请到机要员处办理。",
    )
    mode = forms.ChoiceField(
        label="借阅方式", choices=[("read", "查阅（在档案室阅览）"), ("lend", "借出")], initial="read"
    )
    purpose = forms.CharField(label="借阅事由", max_length=200)
    days = forms.IntegerField(label="借阅期限（工作日）", min_value=1, max_value=30, initial=3)

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items if items is not None else ArchiveItem.objects.none()
        self.fields["items"].label_from_instance = lambda item: f"{item.archive_no}　{item.title}"
