"""职务职级推荐 pages: the rounds (the personnel section creates and keeps them), the sheet, and
each rater's scoring page."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from apps.workflow.api import TransitionError

from ..models import Exclusion, Honour, PromotionRating, PromotionRound, is_personnel_officer
from ..personnel import officer_only
from . import services
from .sheet import sheet


class RoundForm(forms.ModelForm):
    people = forms.ModelMultipleChoiceField(
        label="推荐评选对象",
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="本局公务员中符合相应职级晋升条件的对象",
        error_messages={"required": "请选择推荐评选对象。"},
    )

    class Meta:
        model = PromotionRound
        fields = ["title", "year", "slots", "slots_sufficient", "base_years"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = get_user_model().objects.filter(is_active=True, admin_role="", section__isnull=False)
        self.fields["people"].queryset = people.select_related("section").order_by("section__order", "full_name")
        self.fields["people"].label_from_instance = lambda u: f"{u.full_name}（{u.section.name}）"
        self.fields["year"].initial = timezone.localdate().year


@login_required
def promotions(request):
    user = request.user
    if user.admin_role:
        raise Http404
    officer = is_personnel_officer(user)
    form = RoundForm(request.POST or None) if officer else None
    if request.method == "POST":
        officer_only(user)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "people"}
            try:
                round_ = services.create_round(user, data, list(form.cleaned_data["people"]))
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                return redirect("hr:promotion", pk=round_.pk)
    rounds = PromotionRound.objects.select_related("case")
    if not officer:
        rounds = rounds.filter(status=PromotionRound.Status.RATING)
    return render(
        request,
        "hr/promotions.html",
        {"rounds": rounds, "form": form, "officer": officer, "kinds": services.rater_kinds(user)},
    )


@login_required
def promotion(request, pk):
    user = request.user
    officer_only(user)
    round_ = get_object_or_404(PromotionRound, pk=pk)
    if request.method == "POST":
        typed = {}
        for c in round_.candidates.all():
            p = f"c{c.pk}-"
            if f"{p}exclusion" in request.POST:
                typed[c.pk] = {
                    "exclusion": request.POST.get(f"{p}exclusion", ""),
                    "exclusion_note": request.POST.get(f"{p}exclusion_note", "").strip()[:200],
                    "sound_record": bool(request.POST.get(f"{p}sound_record")),
                    "outstanding": bool(request.POST.get(f"{p}outstanding")),
                    "honour": request.POST.get(f"{p}honour", ""),
                    "middle_manager": request.POST.get(f"{p}middle_manager", ""),
                }
        try:
            if round_.status == PromotionRound.Status.RATING:
                services.save_candidates(user, round_.pk, typed)
            if request.POST.get("action") == "submit":
                round_ = services.submit_list(user, round_.pk)
                messages.success(request, "初评推荐人选已报局党组研究确定。")
                return redirect(round_.case)
            messages.success(request, "已保存。")
        except TransitionError as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        return redirect("hr:promotion", pk=round_.pk)
    return render(
        request,
        "hr/promotion.html",
        {
            "round": round_,
            "rows": sheet(round_),
            "exclusions": Exclusion.choices,
            "honours": Honour.choices,
            "posts": [("", "其他"), ("head", "中层骨干以上（5分）"), ("deputy", "中层副职（3分）")],
        },
    )


@login_required
def promotion_rate(request, pk, kind):
    user = request.user
    if kind not in services.rater_kinds(user):
        raise PermissionDenied("您不能参加该项打分。")
    round_ = get_object_or_404(PromotionRound, pk=pk)
    candidates = [c for c in round_.candidates.select_related("person").filter(exclusion="") if c.person_id != user.pk]
    typed = {}
    if request.method == "POST":
        for c in candidates:
            typed[c.pk] = {a: request.POST.get(f"c{c.pk}-{a}", "") for a, _ in PromotionRating.ASPECTS}
        try:
            services.rate(user, round_.pk, kind, typed)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "评分已提交。")
            return redirect("hr:promotions")
    else:
        for r in PromotionRating.objects.filter(candidate__round=round_, rater=user, kind=kind):
            typed[r.candidate_id] = {a: getattr(r, a) for a, _ in PromotionRating.ASPECTS}
    rows = [
        (c, [(a, label, typed.get(c.pk, {}).get(a, "")) for a, label in PromotionRating.ASPECTS]) for c in candidates
    ]
    return render(
        request,
        "hr/promotion_rate.html",
        {
            "round": round_,
            "rows": rows,
            "kind": kind,
            "kind_label": dict(PromotionRating.Kind.choices)[kind],
            "top": PromotionRating.TOP[kind],
            "open": round_.status == PromotionRound.Status.RATING,
        },
        status=409 if request.method == "POST" else 200,
    )
