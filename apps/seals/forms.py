from django import forms
from django.utils import timezone

from apps.org.models import Section
from apps.workflow.forms import MultipleFileField, UserChoiceField, business_users
from apps.workflow.models import Case

from .models import CarvingRequest, Seal, SealKind
from .processes import NO_DOCUMENT

# ISO dates: a type=date input shows nothing for a localised value.
DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class SealChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class SealUseForm(forms.Form):
    seal = SealChoiceField(label="印章", queryset=Seal.objects.none(), empty_label="请选择印章")
    document_title = forms.CharField(
        label="用印文件名称",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "如：关于开展2026年普法宣传月活动的通知"}),
    )
    document_case = forms.ModelChoiceField(queryset=Case.objects.none(), required=False, widget=forms.HiddenInput)
    attachments = MultipleFileField(
        label="需盖章的文件",
        help_text="上传需要盖章的文件定稿（PDF、Word、OFD、图片等）；从公文发起的用印申请已关联公文，可不再上传。",
    )
    reason = forms.CharField(label="用印事由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    copies = forms.IntegerField(label="用印份数", min_value=1, max_value=9999, initial=1)
    exception = forms.BooleanField(
        label="特殊用印（空白纸张、空白表格、空白合同、介绍信等）",
        required=False,
        help_text="原则上不得在空白纸页、空白合同、介绍信上用印。确有特殊情况的，须写明书面申请理由，报局主要领导批准。",
    )
    exception_reason = forms.CharField(
        label="特殊用印书面申请理由", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user=None, has_attachments=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_attachments = has_attachments
        self.fields["seal"].queryset = (
            Seal.objects.active().select_related("owner_unit").order_by("owner_unit__order", "name")
        )
        if user is not None:
            self.fields["document_case"].queryset = Case.objects.visible_to(user)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 4:
            raise forms.ValidationError("请写明用印事由。")
        return reason

    def clean(self):
        data = super().clean()
        if data.get("exception"):
            if not (data.get("exception_reason") or "").strip():
                self.add_error("exception_reason", "特殊用印须写明书面申请理由。")
        elif "attachments" in data and not (
            data.get("attachments") or data.get("document_case") or self.has_attachments
        ):
            self.add_error("attachments", NO_DOCUMENT)
        return data


class CarvingForm(forms.Form):
    seal_name = forms.CharField(
        label="印章名称（印文）",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "如：淄博市临淄区司法局行政复议专用章"}),
    )
    kind = forms.ChoiceField(label="印章类别", choices=SealKind.choices)
    owner_unit = forms.ModelChoiceField(label="使用单位/科室", queryset=Section.objects.none())
    purpose = forms.ChoiceField(label="刻制类型", choices=CarvingRequest.Purpose.choices, widget=forms.RadioSelect)
    old_seal = SealChoiceField(
        label="被更换的旧章",
        queryset=Seal.objects.none(),
        required=False,
        help_text="更换旧章时选择；新章备案后旧章交回办公室保存。",
    )
    reason = forms.CharField(label="刻制理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    attachments = MultipleFileField(label="附件", help_text="如名称变更的批复文件、旧章磨损情况照片等。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = Section.objects.exclude(kind=Section.Kind.LEADERSHIP).order_by(
            "kind", "order"
        )
        self.fields["old_seal"].queryset = Seal.objects.active().order_by("owner_unit__order", "name")

    def clean(self):
        data = super().clean()
        if data.get("purpose") == CarvingRequest.Purpose.REPLACE and not data.get("old_seal"):
            self.add_error("old_seal", "更换旧章时请选择被更换的旧章。")
        return data


class StampForm(forms.Form):
    copies = forms.IntegerField(
        label="本次实际用印份数",
        min_value=0,
        max_value=9999,
        required=False,
        help_text="已用印一部分、其余不再用印的，可填 0 并勾选“用印完毕”。",
    )
    stamped_on = forms.DateField(label="用印日期", widget=DATE)
    note = forms.CharField(label="说明", required=False, max_length=200)
    finish = forms.BooleanField(label="用印完毕（剩余份数不再用印）", required=False)

    def __init__(self, *args, remaining=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stamped_on"].initial = timezone.localdate()
        if remaining:
            self.fields["copies"].initial = remaining
            self.fields["copies"].widget.attrs["max"] = remaining


class RegisterSealForm(forms.Form):
    keeper = UserChoiceField(label="新章保管人（接收人）", queryset=business_users().none())
    handed_by = UserChoiceField(
        label="新章交接人", queryset=business_users().none(), help_text="通常为领回新章的申请人。"
    )
    witness = UserChoiceField(label="鉴证人", queryset=business_users().none())
    old_handed_by = UserChoiceField(
        label="旧章交接人",
        queryset=business_users().none(),
        required=False,
        help_text="交回旧章的人；接收人为印章管理员本人。",
    )
    carved_on = forms.DateField(label="刻制日期", widget=DATE)
    enabled_on = forms.DateField(label="启用日期", widget=DATE)
    impression = forms.FileField(label="印模", required=False, help_text="新章印模的扫描图片（PNG/JPG）。")
    note = forms.CharField(label="备注", required=False, max_length=200)

    def __init__(self, *args, carving=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("keeper", "handed_by", "witness", "old_handed_by"):
            self.fields[name].queryset = business_users()
        today = timezone.localdate()
        self.fields["carved_on"].initial = today
        self.fields["enabled_on"].initial = today
        if carving is not None:
            self.fields["handed_by"].initial = carving.case.initiator_id
            if carving.old_seal_id:
                self.fields["old_handed_by"].initial = carving.old_seal.keeper_id
            else:
                del self.fields["old_handed_by"]

    def clean_impression(self):
        upload = self.cleaned_data.get("impression")
        if upload:
            from .services import check_impression

            check_impression(upload)
        return upload


class SealStatusForm(forms.Form):
    status = forms.ChoiceField(label="改为")
    on_date = forms.DateField(label="日期", widget=DATE)
    reason = forms.CharField(
        label="原因", max_length=200, widget=forms.TextInput(attrs={"placeholder": "如：印章磨损，已刻制新章替换"})
    )

    def __init__(self, *args, seal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_date"].initial = timezone.localdate()
        moves = seal.legal_moves if seal is not None else ()
        self.fields["status"].choices = [(value, Seal.Status(value).label) for value in moves]
