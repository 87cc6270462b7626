from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hazards import operations
from hazards.choices import HAZARD_TRANSITIONS, HazardAction, HazardStatus, PhotoStage
from hazards.models import Hazard, HazardPhoto, HazardPolicy, HazardTransition, NoticeCounter, Reinspection

from .factories import HazardFactory, party

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def add_after_photo(hazard, jpeg):
    HazardPhoto.objects.create(hazard=hazard, stage=PhotoStage.AFTER, file=jpeg())


def perform(action, hazard, staff, leader, jpeg):
    """Call the operation behind `action` with valid input."""
    if action == HazardAction.ASSIGN:
        return operations.hazard_assign(hazard=hazard, by=staff, responsible_party=party(), deadline=TODAY() + timedelta(days=10))
    if action == HazardAction.START:
        return operations.hazard_start(hazard=hazard, by=staff)
    if action == HazardAction.RECTIFY:
        return operations.hazard_rectify(hazard=hazard, by=staff, note="已安装爆闪灯", photos=[jpeg()])
    if action == HazardAction.RETURN:
        return operations.hazard_return(hazard=hazard, by=leader, note="照片不清")
    if action == HazardAction.SIGN_OFF:
        add_after_photo(hazard, jpeg)
        return operations.hazard_sign_off(hazard=hazard, by=leader)
    if action == HazardAction.CLOSE:
        return operations.hazard_close(hazard=hazard, by=staff, reason="duplicate", note="与第12号重复")
    raise AssertionError(action)


DIRECT_ACTIONS = [a for a in HazardAction if a not in (HazardAction.REPORT, HazardAction.REOPEN)]


@pytest.mark.parametrize("status", HazardStatus.values)
@pytest.mark.parametrize("action", DIRECT_ACTIONS)
def test_every_transition_is_allowed_or_refused_by_the_table(action, status, staff_a, leader_a, brigade_a, jpeg):
    hazard = HazardFactory(brigade=brigade_a, status=status, rectification_deadline=TODAY(), closed_on=TODAY() if status == "closed" else None)
    target = HAZARD_TRANSITIONS.get((action, status))
    if target is None:
        with pytest.raises(ValidationError) as refused:
            perform(action, hazard, staff_a, leader_a, jpeg)
        assert "不能" in str(refused.value.messages) or "cannot" in str(refused.value.messages)
        hazard.refresh_from_db()
        assert hazard.status == status
        assert not HazardTransition.objects.filter(hazard=hazard).exists()
    else:
        perform(action, hazard, staff_a, leader_a, jpeg)
        hazard.refresh_from_db()
        assert hazard.status == target
        step = HazardTransition.objects.get(hazard=hazard)
        assert (step.action, step.from_status, step.to_status) == (action, status, target)


def test_a_hazard_goes_from_report_to_sign_off_and_a_relapse_reopens_it(staff_a, leader_a, brigade_a, jpeg):
    hazard = HazardFactory.build(brigade=brigade_a, town=HazardFactory(brigade=brigade_a).town)
    operations.hazard_report(hazard=hazard, by=staff_a, note="巡逻发现")
    operations.hazard_assign(hazard=hazard, by=staff_a, responsible_party=party(), deadline=TODAY() + timedelta(days=7), requirements="修剪树木")
    operations.hazard_start(hazard=hazard, by=staff_a, note="镇里已派人")
    operations.hazard_rectify(hazard=hazard, by=staff_a, note="已修剪", photos=[jpeg()])
    operations.hazard_sign_off(hazard=hazard, by=leader_a, note="现场核实")
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.SIGNED_OFF
    assert hazard.signed_off_by == leader_a
    steps = list(hazard.transitions.values_list("action", "acted_by__username"))
    assert steps == [("report", "staff_a"), ("assign", "staff_a"), ("start", "staff_a"), ("rectify", "staff_a"), ("sign_off", "leader_a")]

    reinspection = Reinspection.objects.get(hazard=hazard)
    assert reinspection.due_on == TODAY() + timedelta(days=30)
    operations.reinspection_record(
        reinspection=reinspection, by=staff_a, result="relapsed", note="树木又长出", new_deadline=TODAY() + timedelta(days=5)
    )
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING
    assert hazard.rectified_on is None and hazard.signed_off_on is None
    assert hazard.rectification_deadline == TODAY() + timedelta(days=5)
    assert hazard.reopen_count == 1
    assert hazard.transitions.last().action == "reopen"


def test_a_confirmed_reinspection_leaves_the_hazard_signed_off(staff_a, brigade_a):
    hazard = HazardFactory(brigade=brigade_a, status=HazardStatus.SIGNED_OFF, signed_off_on=TODAY())
    reinspection = Reinspection.objects.create(hazard=hazard, due_on=TODAY())
    operations.reinspection_record(reinspection=reinspection, by=staff_a, result="confirmed")
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.SIGNED_OFF
    with pytest.raises(ValidationError, match="已经|already"):
        operations.reinspection_record(reinspection=reinspection, by=staff_a, result="confirmed")


def test_a_relapse_needs_a_new_deadline_not_before_the_reinspection(staff_a, brigade_a):
    hazard = HazardFactory(brigade=brigade_a, status=HazardStatus.SIGNED_OFF, signed_off_on=TODAY())
    reinspection = Reinspection.objects.create(hazard=hazard, due_on=TODAY())
    with pytest.raises(ValidationError) as error:
        operations.reinspection_record(reinspection=reinspection, by=staff_a, result="relapsed", note="复发")
    assert "new_deadline" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        operations.reinspection_record(reinspection=reinspection, by=staff_a, result="relapsed", note="复发", new_deadline=TODAY() - timedelta(days=1))
    assert "new_deadline" in error.value.message_dict
    reinspection.refresh_from_db()
    assert reinspection.done_on is None


def test_the_reinspection_delay_is_the_brigades_policy(staff_a, leader_a, brigade_a, jpeg):
    HazardPolicy.objects.create(brigade=brigade_a, reinspection_days=60)
    hazard = HazardFactory(brigade=brigade_a, status=HazardStatus.RECTIFIED)
    add_after_photo(hazard, jpeg)
    operations.hazard_sign_off(hazard=hazard, by=leader_a)
    assert hazard.reinspections.get().due_on == TODAY() + timedelta(days=60)


def test_notice_numbers_are_consecutive_per_brigade_and_year(staff_a, staff_b, brigade_a, brigade_b):
    numbers = []
    for _ in range(3):
        hazard = HazardFactory(brigade=brigade_a)
        operations.hazard_assign(hazard=hazard, by=staff_a, responsible_party=party(), deadline=TODAY() + timedelta(days=5))
        hazard.refresh_from_db()
        numbers.append(hazard.notice_number)
    year = TODAY().year
    assert numbers == [f"甲〔{year}〕第001号", f"甲〔{year}〕第002号", f"甲〔{year}〕第003号"]
    other = HazardFactory(brigade=brigade_b)
    operations.hazard_assign(hazard=other, by=staff_b, responsible_party=party(), deadline=TODAY() + timedelta(days=5))
    other.refresh_from_db()
    assert other.notice_number == f"乙〔{year}〕第001号"
    assert NoticeCounter.objects.get(brigade=brigade_a, year=year).last_serial == 3


def test_a_deadline_before_the_found_date_is_refused_and_nothing_saved(staff_a, brigade_a):
    hazard = HazardFactory(brigade=brigade_a, found_on=TODAY() - timedelta(days=3))
    with pytest.raises(ValidationError) as error:
        operations.hazard_assign(hazard=hazard, by=staff_a, responsible_party=party(), deadline=TODAY() - timedelta(days=5), issued_on=TODAY() - timedelta(days=3))
    assert "截止" in " ".join(error.value.message_dict["deadline"]) or "deadline" in error.value.message_dict
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.REPORTED and hazard.notice_number == ""
    assert not NoticeCounter.objects.filter(last_serial__gt=0).exists()


def test_rectified_needs_evidence(staff_a, brigade_a):
    hazard = HazardFactory(brigade=brigade_a, status=HazardStatus.RECTIFYING)
    with pytest.raises(ValidationError) as error:
        operations.hazard_rectify(hazard=hazard, by=staff_a, note="已整改")
    assert "photos" in error.value.message_dict
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING


def test_a_renamed_document_is_not_a_photo(staff_a, brigade_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    hazard = HazardFactory(brigade=brigade_a, status=HazardStatus.RECTIFYING)
    fake = SimpleUploadedFile("evidence.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        operations.hazard_rectify(hazard=hazard, by=staff_a, note="已整改", photos=[fake])
    assert "photos" in error.value.message_dict
    assert not HazardPhoto.objects.exists()


def test_sign_off_without_evidence_is_refused(leader_a, brigade_a):
    hazard = HazardFactory(brigade=brigade_a, status=HazardStatus.RECTIFIED, rectified_on=TODAY())
    with pytest.raises(ValidationError, match="照片|photo"):
        operations.hazard_sign_off(hazard=hazard, by=leader_a)
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFIED
    assert not Reinspection.objects.exists()


def test_staff_sign_off_only_where_the_brigade_allows_it(staff_a, brigade_a, jpeg):
    hazard = HazardFactory(brigade=brigade_a, status=HazardStatus.RECTIFIED)
    add_after_photo(hazard, jpeg)
    with pytest.raises(PermissionDenied):
        operations.hazard_sign_off(hazard=hazard, by=staff_a)
    brigade_a.staff_may_sign_off = True
    brigade_a.save()
    hazard.brigade.refresh_from_db()
    operations.hazard_sign_off(hazard=Hazard.objects.get(pk=hazard.pk), by=staff_a)
    assert Hazard.objects.get(pk=hazard.pk).status == HazardStatus.SIGNED_OFF


def test_a_leader_cannot_assign(leader_a, brigade_a):
    hazard = HazardFactory(brigade=brigade_a)
    with pytest.raises(PermissionDenied):
        operations.hazard_assign(hazard=hazard, by=leader_a, responsible_party=party(), deadline=TODAY())


def test_not_our_jurisdiction_names_the_responsible_unit(staff_a, brigade_a):
    hazard = HazardFactory(brigade=brigade_a)
    with pytest.raises(ValidationError) as error:
        operations.hazard_close(hazard=hazard, by=staff_a, reason="not_our_jurisdiction", note="属于市区")
    assert "true_responsible_party" in error.value.message_dict
    operations.hazard_close(hazard=hazard, by=staff_a, reason="not_our_jurisdiction", note="属于市区", true_responsible_party="直属二大队")
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED and hazard.responsible_party_detail == "直属二大队"


def test_overdue_and_due_soon(brigade_a):
    today = TODAY()
    overdue = HazardFactory(brigade=brigade_a, status=HazardStatus.RECTIFYING, rectification_deadline=today - timedelta(days=1))
    due_today = HazardFactory(brigade=brigade_a, status=HazardStatus.ASSIGNED, rectification_deadline=today)
    due_in_3 = HazardFactory(brigade=brigade_a, status=HazardStatus.ASSIGNED, rectification_deadline=today + timedelta(days=3))
    later = HazardFactory(brigade=brigade_a, status=HazardStatus.ASSIGNED, rectification_deadline=today + timedelta(days=4))
    HazardFactory(brigade=brigade_a, status=HazardStatus.RECTIFIED, rectification_deadline=today - timedelta(days=5))
    assert list(Hazard.objects.overdue()) == [overdue]
    assert set(Hazard.objects.due_soon()) == {due_today, due_in_3}
    assert overdue.is_overdue and not later.deadline_state


def test_flagging_due_reinspections(brigade_a):
    hazard = HazardFactory(brigade=brigade_a, status=HazardStatus.SIGNED_OFF)
    due = Reinspection.objects.create(hazard=hazard, due_on=TODAY())
    later = Reinspection.objects.create(hazard=HazardFactory(brigade=brigade_a, status=HazardStatus.SIGNED_OFF), due_on=TODAY() + timedelta(days=1))
    assert operations.flag_due_reinspections() == 1
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.flagged_due and not later.flagged_due
    assert operations.flag_due_reinspections() == 0
