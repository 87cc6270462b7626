"""Violation codes (违法行为代码) and the penalties the law attaches to them (issue 15): the case names
its code, the fine, points and licence measure are checked against it, the form shows the class
and consequences before saving; breath readings take four decimals; officers follow the squadron."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from enforcement import rules
from enforcement.choices import Disposition, LicenceAction
from enforcement.models import Violation, ViolationCode

from ..factories import OfficerFactory, SquadronFactory
from .factories import ViolationFactory
from .test_views import DRINK, DRUNK, case, post_case

pytestmark = pytest.mark.django_db


def terms(**overrides):
    values = {"fine_min": D("1000"), "fine_max": D("2000"), "points": 12, "licence_action": LicenceAction.SUSPENDED,
              "is_criminal": False}
    values.update(overrides)
    return rules.PenaltyTerms(**values)


@pytest.mark.parametrize(("fine", "points", "licence", "refused"), [
    ("1000", 12, "suspended", set()),
    ("2000", 12, "revoked", set()),
    ("999.99", 12, "suspended", {"fine_amount"}),
    ("2000.01", 12, "suspended", {"fine_amount"}),
    ("1500", 6, "suspended", {"points"}),
    ("1500", 12, "none", {"licence_action"}),
    ("0", 0, "none", {"fine_amount", "points", "licence_action"}),
])
def test_a_penalty_is_checked_against_its_codes_terms(fine, points, licence, refused):
    problems = rules.penalty_problems(terms(), disposition=Disposition.PENALTY, fine=D(fine), points=points,
                                      licence_action=licence)
    assert set(problems) == refused


def test_a_criminal_code_needs_a_referral():
    problems = rules.penalty_problems(terms(fine_min=0, fine_max=0, licence_action="revoked", is_criminal=True),
                                      disposition=Disposition.PENALTY, fine=0, points=12, licence_action="revoked")
    assert set(problems) == {"disposition"}


def test_the_common_codes_are_seeded_with_their_legal_basis():
    drink = ViolationCode.objects.get(kind__code="drink_driving", commercial_vehicle=False)
    drunk = ViolationCode.objects.get(kind__code="drunk_driving", commercial_vehicle=False)
    assert (drink.fine_min, drink.fine_max, drink.points, drink.licence_action) == (1000, 2000, 12, "suspended")
    assert drunk.is_criminal and drunk.licence_action == "revoked" and "第91条" in drunk.legal_basis
    kinds = set(ViolationCode.objects.values_list("kind__code", flat=True))
    assert {"overloading", "overcrowding", "no_helmet", "no_seat_belt", "red_light", "wrong_way", "plate_licence"} <= kinds


def test_drink_driving_without_fine_points_or_licence_measure_is_refused(client_for, staff_a):
    response = post_case(client_for(staff_a), breath_alcohol="0.3", fine_amount="0", points="0")
    errors = response.context["form"].errors
    assert {"fine_amount", "points", "licence_action"} <= set(errors)
    assert not Violation.objects.exists()
    assert post_case(client_for(staff_a), breath_alcohol="0.3", **DRINK).status_code == 302
    assert Violation.objects.get().violation_code.code == "17110"


def test_drunk_driving_needs_the_licence_revoked(client_for, staff_a):
    response = post_case(client_for(staff_a), blood_alcohol="120", fine_amount="0", points="12",
                         licence_action="suspended")
    assert "licence_action" in response.context["form"].errors
    assert post_case(client_for(staff_a), blood_alcohol="120", **DRUNK).status_code == 302
    violation = Violation.objects.get()
    assert violation.violation_code.is_criminal and violation.disposition == "criminal_referral"


def test_a_commercial_drink_driving_code_follows_the_reading_to_the_commercial_drunk_one(client_for, staff_a):
    commercial_drink = ViolationCode.objects.get(kind__code="drink_driving", commercial_vehicle=True)
    response = post_case(client_for(staff_a), violation_code=str(commercial_drink.pk), blood_alcohol="95", **DRUNK)
    assert response.status_code == 302
    assert Violation.objects.get().violation_code.code == "17140"


def test_a_code_of_another_kind_is_refused(client_for, staff_a):
    red_light = ViolationCode.objects.get(kind__code="red_light")
    response = post_case(client_for(staff_a), kind=str(ViolationCode.objects.filter(kind__code="no_helmet").first().kind_id),
                         violation_code=str(red_light.pk), plate="鲁P54321", fine_amount="100", points="6")
    assert "violation_code" in response.context["form"].errors


def test_a_breath_reading_of_four_decimals_is_drink_driving_just_below_80(client_for, staff_a):
    assert post_case(client_for(staff_a), breath_alcohol="0.3636", **DRINK).status_code == 302
    violation = Violation.objects.get()
    assert violation.breath_alcohol == D("0.3636") and violation.kind.code == "drink_driving"
    assert violation.bac == D("79.9")  # 79.992, never shown as 80.0


def test_a_reading_of_five_decimals_gets_one_message(client_for, staff_a):
    response = post_case(client_for(staff_a), breath_alcohol="0.36361", **DRINK)
    errors = response.context["form"].errors
    assert list(errors) == ["breath_alcohol"] and len(errors["breath_alcohol"]) == 1


def test_the_api_lists_the_codes_and_checks_a_cases_penalty(api_client_for, staff_a):
    from .test_api import payload

    api = api_client_for(staff_a)
    codes = api.get(reverse("api:violationcode-list")).json()
    drink = next(c for c in codes["results"] if c["code"] == "17110")
    assert drink["points"] == 12 and drink["licence_action"] == "suspended" and drink["kind"] == "drink_driving"
    response = api.post(reverse("api:violation-list"), payload(breath_alcohol="0.3", fine_amount="500"), format="json")
    assert response.status_code == 400 and {"fine_amount", "licence_action"} <= set(response.data)
    response = api.post(reverse("api:violation-list"), payload(breath_alcohol="0.3", licence_action="suspended"),
                        format="json")
    assert response.status_code == 201 and response.data["violation_code"] == "17110"


def test_the_preview_shows_the_class_and_consequences_and_fills_in_the_penalty(client_for, staff_a):
    client = client_for(staff_a)
    response = client.post(reverse("enforcement:violation_preview"), case(blood_alcohol="85", fine_amount="0"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "醉酒驾驶" in page and "17120" in page and "刑法" in page
    assert 'id="id_licence_action"' in page and 'hx-swap-oob="true"' in page  # revocation filled in
    drunk = ViolationCode.objects.get(code="17120")
    again = client.post(reverse("enforcement:violation_preview"),
                        case(blood_alcohol="85", prefilled_code=str(drunk.pk), **DRUNK)).content.decode()
    assert "hx-swap-oob" not in again and "preview-problem" not in again  # nothing to fill, nothing wrong


def test_officers_of_another_squadron_are_refused_and_marked_for_narrowing(client_for, api_client_for, staff_a, brigade_a):
    from .test_api import payload

    night, traffic = SquadronFactory(brigade=brigade_a), SquadronFactory(brigade=brigade_a)
    ours, theirs = OfficerFactory(brigade=brigade_a, squadron=night), OfficerFactory(brigade=brigade_a, squadron=traffic)
    chief = OfficerFactory(brigade=brigade_a, squadron=None)
    response = api_client_for(staff_a).post(
        reverse("api:violation-list"),
        payload(kind="no_helmet", fine_amount="50", points=1, squadron=night.pk, officers=[ours.pk, theirs.pk]),
        format="json",
    )
    assert response.status_code == 400 and "officers" in response.data
    response = post_case(client_for(staff_a), kind=str(ViolationFactory(brigade=brigade_a).kind_id),
                         squadron=str(night.pk), officers=[str(ours.pk), str(chief.pk)], plate="鲁P54321")
    assert response.status_code == 302
    page = client_for(staff_a).get(reverse("enforcement:violation_create")).content.decode()
    assert f'data-squadron="{traffic.pk}"' in page  # the form hides them when another squadron is chosen
