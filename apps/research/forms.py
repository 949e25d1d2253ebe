from django import forms
from django.utils import timezone

from apps.workflow import api
from apps.workflow.models import Case

from .access import may_keep
from .models import Topic, Use
from .processes import DRAFT, ISSUE

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _area(label, rows=3, required=True, **kw):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kw)


class TopicForm(forms.Form):
    title = forms.CharField(label="调研题目", max_length=120)
    source = forms.ChoiceField(label="任务来源", choices=Topic.Source.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year)
    purpose = _area("调研目的和重点内容（调研工作方案）", 4)
    objects_text = forms.CharField(label="调研对象", max_length=200, help_text="如：各司法所、局属事业单位、律师事务所")
    method = forms.CharField(label="调研形式", max_length=120, required=False)
    participants = forms.CharField(
        label="参加人员", max_length=200, required=False, help_text="需业务科室配合的，写明科室和人员"
    )
    due_date = forms.DateField(label="完成时限", widget=DATE)


class DraftForm(forms.Form):
    draft = _area("报告初稿（提纲或摘要）", 6)
    materials = _area("调研资料留存情况", 2, required=False)


class FinaliseForm(forms.Form):
    report_title = forms.CharField(label="定稿标题", max_length=200)
    finished_on = forms.DateField(label="定稿日期", widget=DATE, initial=timezone.localdate)
    recipients = forms.CharField(label="报送对象", max_length=200, initial="局党组；区委政法委")
    published = forms.BooleanField(label="印发或对外推荐", required=False)


class UseForm(forms.Form):
    kind = forms.ChoiceField(label="运用方式", choices=Use.Kind.choices)
    on_date = forms.DateField(label="日期", widget=DATE, initial=timezone.localdate)
    by_whom = forms.CharField(label="采用单位/批示领导", max_length=120)
    content = _area("内容（采用载体、批示内容、形成的机制）", 3)


def topic_forms(case, user):
    if case.status == Case.Status.ACTIVE:
        if api.find_pending_task(case, user, step=DRAFT):
            return {"rs_draft": DraftForm()}
        if api.find_pending_task(case, user, step=ISSUE):
            return {"rs_finalise": FinaliseForm(initial={"report_title": case.research_topic.title})}
        return {}
    if case.status in (Case.Status.CLOSED, Case.Status.ARCHIVED) and may_keep(user):
        return {"rs_use": UseForm()}
    return {}
