import ipaddress
from datetime import datetime, time

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from apps.audit.exporter import exporter

from .models import AuditEvent


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(label="操作人", required=False, queryset=get_user_model().objects.none())
    event = forms.CharField(label="事件", required=False, max_length=60)
    object_type = forms.CharField(label="对象类型", required=False, max_length=60)
    object_id = forms.CharField(label="对象编号", required=False, max_length=40)
    outcome = forms.ChoiceField(label="结果", required=False, choices=[("", "全部结果"), *AuditEvent.Outcome.choices])
    ip = forms.CharField(
        label="来源地址",
        required=False,
        max_length=45,
        help_text="完整地址精确匹配；以“.”或“:”结尾按网段前缀匹配，如 10.12.",
    )
    start = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = get_user_model().objects.order_by("username")
        for name, field in self.fields.items():
            if name not in ("start", "end") and not isinstance(field, forms.ChoiceField):
                field.widget.attrs.setdefault("placeholder", field.label)

    def clean_ip(self):
        address = self.cleaned_data["ip"].strip()
        if address and not all(ch in "0123456789abcdefABCDEF.:" for ch in address):
            raise forms.ValidationError("来源地址只能包含数字、字母 a-f、“.”和“:”。")
        if address and not address.endswith((".", ":")):
            try:
                ipaddress.ip_address(address)
            except ValueError:
                raise forms.ValidationError("来源地址格式不正确。") from None
        return address


def _tz(day, at):
    return timezone.make_aware(datetime.combine(day, at))


def filter_events(form):
    """The log rows matching a bound filter form (all rows if it is invalid), newest first."""
    qs = AuditEvent.objects.select_related("actor").order_by("-id")
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            qs = qs.filter(actor=data["actor"])
        if data["event"]:
            qs = qs.filter(event__icontains=data["event"])
        if data["object_type"]:
            qs = qs.filter(object_type__icontains=data["object_type"])
        if data["object_id"]:
            qs = qs.filter(object_id=data["object_id"])
        if data["outcome"]:
            qs = qs.filter(outcome=data["outcome"])
        if data["ip"]:
            address = data["ip"].strip()
            qs = qs.filter(ip__startswith=address) if address.endswith((".", ":")) else qs.filter(ip=address)
        if data["start"]:
            qs = qs.filter(created_at__gte=_tz(data["start"], time.min))
        if data["end"]:
            qs = qs.filter(created_at__lte=_tz(data["end"], time.max))
    return qs


@login_required
def audit_list(request):
    """Read-only audit log; only the audit administrator (审计管理员) may open it."""
    if not request.user.is_audit_admin:
        raise PermissionDenied("审计日志只有审计管理员可以查看。")
    form = AuditFilterForm(request.GET or None)
    if request.GET.get("export") == "xlsx":
        fields = [name for name in form.fields if request.GET.get(name)]
        return exporter().export_or_queue(request, "audit", {name: request.GET[name] for name in fields})
    qs = filter_events(form)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/list.html", {"form": form, "page": page, "query": query.urlencode()})
