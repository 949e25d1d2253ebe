"""复查 lies one level up from the body that answered (信访工作条例 §35): the bureau reviews the
answers of its judicial offices and units, and for its own answers tells the petitioner where to
apply and tracks the outcome there. The bureau's 复查受理 limit is 3 WORKING days (山东省信访条例
2015 §43), not 3 calendar days."""

from datetime import date

import pytest
from django.urls import reverse

from apps.petitions import services
from apps.petitions.models import Petition, Stage, UpperBody
from apps.workflow.models import Case, CaseClock, DeadlineRule
from apps.workflow.services import TransitionError
from tests.petitions.factories import answered_by_judicial_office, new_petition, read_through

pytestmark = pytest.mark.django_db


def answered_by_bureau(people):
    case = read_through(new_petition(people.clerk), people)
    services.decide(case.pk, people.clerk, True, date(2026, 9, 28))
    services.answer(case.pk, people.clerk, "经调查，情况属实，已责成整改。", date(2026, 11, 20))
    return case


def test_a_review_of_the_bureaus_own_answer_is_not_registered_as_this_bureaus_review(bureau, people):
    case = answered_by_bureau(people)
    with pytest.raises(TransitionError, match="上一级行政机关（市司法局或区人民政府）"):
        services.request_review(case.pk, people.clerk, {"received_on": date(2026, 11, 25), "demands": "不服"})
    assert not Petition.objects.filter(review_of__case=case).exists()
    assert Case.objects.count() == 1


def test_the_bureau_tells_where_to_apply_and_tracks_the_outside_review(bureau, people):
    case = answered_by_bureau(people)
    with pytest.raises(TransitionError, match="请先登记告知复查途径"):
        services.record_upper_review(case.pk, people.clerk, "维持", date(2026, 12, 20))
    with pytest.raises(TransitionError, match="不能早于处理意见日期"):
        services.refer_review_upward(case.pk, people.clerk, UpperBody.CITY_BUREAU, date(2026, 11, 19))
    services.refer_review_upward(case.pk, people.clerk, UpperBody.CITY_BUREAU, date(2026, 11, 25))
    with pytest.raises(TransitionError, match="已于 2026-11-25 告知"):
        services.refer_review_upward(case.pk, people.clerk, UpperBody.DISTRICT_GOV, date(2026, 11, 26))
    services.record_upper_review(case.pk, people.clerk, "市司法局复查维持原处理意见。", date(2026, 12, 20))
    petition = Petition.objects.get(case=case)
    assert (petition.upper_body, petition.upper_result_on) == (UpperBody.CITY_BUREAU, date(2026, 12, 20))
    assert petition.stage == Stage.ANSWERED  # no review case of this bureau
    labels = list(case.events.values_list("step_label", flat=True))
    assert "告知复查途径" in labels and "市司法局复查结果" in labels


def test_an_answer_of_a_judicial_office_cannot_be_referred_upward(bureau, people):
    case = answered_by_judicial_office(bureau, people)
    jo_clerk = case.initiator
    with pytest.raises(TransitionError, match="只有本局作出处理意见"):
        services.refer_review_upward(case.pk, jo_clerk, UpperBody.CITY_BUREAU, date(2026, 11, 25))


def test_review_acceptance_counts_three_working_days_over_the_holiday(bureau, people):
    rule = DeadlineRule.objects.get(code="petition-review-accept")
    assert (rule.length, rule.unit, rule.verified) == (3, "W", True)
    assert "第四十三条" in rule.basis
    case = answered_by_judicial_office(bureau, people, date(2026, 8, 3), date(2026, 8, 10), date(2026, 9, 25))
    review = services.request_review(case.pk, people.clerk, {"received_on": date(2026, 9, 30), "demands": "不服"})
    accept = CaseClock.objects.get(case=review, rule__code="petition-review-accept")
    # Wednesday 30 Sept: 1–7 Oct is the holiday; 8, 9 Oct, then Saturday 10 Oct (a make-up workday).
    # Three calendar days would have ended on 3 Oct and rolled to 8 Oct.
    assert accept.due_date == date(2026, 10, 10)


def test_the_case_page_offers_the_referral_for_the_bureaus_own_answer(bureau, people, client):
    case = answered_by_bureau(people)
    client.force_login(people.clerk)
    page = client.get(reverse("workflow:case_detail", args=[case.pk])).content.decode()
    assert "告知复查途径" in page and "登记复查请求" not in page
    response = client.post(
        reverse("petitions:upper_refer", args=[case.pk]), {"body": "district_gov", "told_on": "2026-11-26"}
    )
    assert response.status_code == 302
    assert Petition.objects.get(case=case).upper_body == UpperBody.DISTRICT_GOV
