"""Every write of the hazards domain that is more than a plain form save.

Each operation takes keyword-only arguments, runs in a transaction, locks the row it changes
(`select_for_update`) so that two people acting at once cannot both win, checks the table of
allowed transitions in `choices.py`, and writes who/when/from/to/note. Refusals raise Django's
ValidationError (a form error or a JSON 400) or PermissionDenied (403).
"""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brigades.records import input_rules
from brigades.records import permissions, spreadsheets

from . import importing, rules
from .choices import (
    HAZARD_TRANSITIONS,
    KEY_ITEM_TRANSITIONS,
    AccidentSeverity,
    BlackSpotStatus,
    ClosureReason,
    FollowUpStatus,
    HazardAction,
    HazardSource,
    HazardStatus,
    ImportStatus,
    KeyItemAction,
    NOTICE_NUMBER_WORDS,
    SUPERVISION_NOTICE_KINDS,
    DeliveryMethod,
    NoticeKind,
    PhotoStage,
    ReinspectionResult,
    RiskLevel,
    SupervisionLevel,
)
from .models import (
    Accident,
    BlackSpotSuggestion,
    Enterprise,
    EnterpriseRiskChange,
    Hazard,
    HazardCategory,
    HazardPhoto,
    HazardPolicy,
    HazardTransition,
    KeyItemImport,
    Notice,
    NoticeCounter,
    Reinspection,
    SupervisionAction,
    SupervisionListing,
    SupervisionProgress,
)
from brigades.records.photos import validate_photo

from .validators import validate_receipt_file

# ============================================================== road hazard points


def _begin(hazard, action, *, by):
    """Lock the hazard's row, ask brigades.records.permissions whether `by` may do `action` on it as it now
    is, and check that `action` is allowed from its current status."""
    locked = Hazard.objects.select_for_update().select_related("brigade").get(pk=hazard.pk)
    permissions.require(by, action, locked)
    target = HAZARD_TRANSITIONS.get((action, locked.status))
    if target is None:
        raise ValidationError(
            _("A hazard that is “%(status)s” cannot be given “%(action)s”.")
            % {"status": locked.get_status_display(), "action": HazardAction(action).label}
        )
    return locked, target


def _finish(hazard, *, action, from_status, to_status, by, note=""):
    # The order of the hazard's dates (found ≤ assigned ≤ rectified ≤ signed off) and their window,
    # whatever the transition set.
    input_rules.validate_instance(hazard)
    hazard.status = to_status
    hazard._history_user = by
    hazard._change_reason = (note or "")[:100] or None
    hazard.save()
    return HazardTransition.objects.create(
        hazard=hazard, action=action, from_status=from_status, to_status=to_status, note=note, acted_by=by
    )


@transaction.atomic
def hazard_report(*, hazard, by, note=""):
    """Save a newly found hazard (from a form or the API) with its first lifecycle row."""
    permissions.require(by, "add", hazard)
    hazard.status = HazardStatus.REPORTED
    if hazard.created_by_id is None:
        hazard.created_by = by
    hazard._history_user = by
    hazard.save()
    HazardTransition.objects.create(
        hazard=hazard, action=HazardAction.REPORT, from_status="", to_status=HazardStatus.REPORTED, note=note, acted_by=by
    )
    return hazard


def _draw_notice_serial(brigade, year):
    """The next notice serial of a brigade in a year. The counter row is locked until the
    transaction ends, so two notices issued at once get consecutive numbers, never the same."""
    NoticeCounter.objects.get_or_create(brigade=brigade, year=year)
    counter = NoticeCounter.objects.select_for_update().get(brigade=brigade, year=year)
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return counter.last_serial


@transaction.atomic
def hazard_assign(*, hazard, by, responsible_party, deadline, responsible_party_detail="", requirements="", issued_on=None, note=""):
    """交办: hand the hazard to its responsible party with a rectification notice and a deadline.
    The notice number (高新区〔2026〕第012号) is drawn here, unique per brigade and year."""
    hazard, target = _begin(hazard, HazardAction.ASSIGN, by=by)
    issued_on = issued_on or timezone.localdate()
    errors = {}
    if responsible_party is None:
        errors["responsible_party"] = _("Name the party responsible for the rectification.")
    if deadline is None:
        errors["deadline"] = _("Set a rectification deadline.")
    elif problem := input_rules.date_problem(deadline, kind=input_rules.DEADLINE):
        errors["deadline"] = problem
    elif deadline < hazard.found_on:
        errors["deadline"] = _("The deadline cannot be before the found date.")
    elif deadline < issued_on:
        errors["deadline"] = _("The deadline cannot be before the notice is issued.")
    if problem := input_rules.date_problem(issued_on):
        errors["issued_on"] = problem
    elif issued_on < hazard.found_on:
        errors["issued_on"] = _("The notice cannot be issued before the hazard was found.")
    if errors:
        raise ValidationError(errors)
    year = issued_on.year
    serial = _draw_notice_serial(hazard.brigade, year)
    hazard.responsible_party = responsible_party
    hazard.responsible_party_detail = responsible_party_detail
    hazard.notice_year = year
    hazard.notice_serial = serial
    hazard.notice_number = rules.notice_number(hazard.brigade.short_name, year, serial)
    hazard.notice_issued_on = issued_on
    hazard.notice_requirements = requirements
    hazard.rectification_deadline = deadline
    _finish(hazard, action=HazardAction.ASSIGN, from_status=HazardStatus.REPORTED, to_status=target, by=by, note=note)
    addressee = str(responsible_party) + (f"（{responsible_party_detail}）" if responsible_party_detail else "")
    _notice_create(
        brigade=hazard.brigade, kind=NoticeKind.HAZARD_RECTIFICATION, year=year, serial=serial, issued_on=issued_on,
        addressee=addressee, by=by, hazard=hazard,
    )
    return hazard


@transaction.atomic
def hazard_start(*, hazard, by, note=""):
    hazard, target = _begin(hazard, HazardAction.START, by=by)
    _finish(hazard, action=HazardAction.START, from_status=hazard.status, to_status=target, by=by, note=note)
    return hazard


def evidence_problems(hazard):
    """Why a hazard cannot count as rectified yet: it needs at least one photo after rectification,
    and after a relapse (a re-inspection reopened it) a photo taken since the reopening: the old
    after-photo shows the state that relapsed."""
    after = hazard.photos.filter(stage=PhotoStage.AFTER)
    reopened = (
        hazard.transitions.filter(action=HazardAction.REOPEN).order_by("-acted_at").values_list("acted_at", flat=True).first()
    )
    if reopened is not None:
        if not after.filter(uploaded_at__gt=reopened).exists():
            return [_("The hazard relapsed on %(day)s: add a photo taken after that as evidence of the new rectification.")
                    % {"day": f"{timezone.localdate(reopened):%Y-%m-%d}"}]
        return []
    if not after.exists():
        return [_("Add at least one photo taken after the rectification as evidence.")]
    return []


@transaction.atomic
def hazard_rectify(*, hazard, by, rectified_on=None, note, photos=()):
    """The responsible party has rectified: record the date, what was done, and the evidence photos."""
    hazard, target = _begin(hazard, HazardAction.RECTIFY, by=by)
    rectified_on = rectified_on or timezone.localdate()
    errors = {}
    if not (note or "").strip():
        errors["note"] = _("Say what was done.")
    if rectified_on < hazard.found_on:
        errors["rectified_on"] = _("The rectification date cannot be before the found date.")
    if problem := input_rules.date_problem(rectified_on):
        errors["rectified_on"] = problem
    for upload in photos:
        try:
            validate_photo(upload)
        except ValidationError as error:
            errors.setdefault("photos", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    for upload in photos:
        HazardPhoto.objects.create(hazard=hazard, stage=PhotoStage.AFTER, file=upload, uploaded_by=by)
    problems = evidence_problems(hazard)
    if problems:
        raise ValidationError({"photos": problems})
    from_status = hazard.status
    hazard.rectified_on = rectified_on
    hazard.rectification_note = note
    _finish(hazard, action=HazardAction.RECTIFY, from_status=from_status, to_status=target, by=by, note=note)
    return hazard


@transaction.atomic
def hazard_return(*, hazard, by, note):
    """The brigade does not accept the rectification: back to the responsible party, with why."""
    hazard, target = _begin(hazard, HazardAction.RETURN, by=by)
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what is still missing.")})
    hazard.rectified_on = None
    _finish(hazard, action=HazardAction.RETURN, from_status=HazardStatus.RECTIFIED, to_status=target, by=by, note=note)
    return hazard


@transaction.atomic
def hazard_sign_off(*, hazard, by, signed_off_on=None, note=""):
    """销号: the brigade verifies the rectification and signs the hazard off; a re-inspection
    (回头看) is scheduled for the policy's number of days later."""
    hazard, target = _begin(hazard, HazardAction.SIGN_OFF, by=by)
    problems = evidence_problems(hazard)
    if problems:
        raise ValidationError({"non_field_errors": problems})
    signed_off_on = signed_off_on or timezone.localdate()
    if problem := input_rules.date_problem(signed_off_on):
        raise ValidationError({"signed_off_on": problem})
    if hazard.rectified_on and signed_off_on < hazard.rectified_on:
        raise ValidationError({"signed_off_on": _("Sign-off cannot be before the rectification.")})
    hazard.signed_off_on = signed_off_on
    hazard.signed_off_by = by
    _finish(hazard, action=HazardAction.SIGN_OFF, from_status=HazardStatus.RECTIFIED, to_status=target, by=by, note=note)
    policy = HazardPolicy.for_brigade(hazard.brigade_id)
    Reinspection.objects.create(hazard=hazard, due_on=signed_off_on + timedelta(days=policy.reinspection_days))
    return hazard


@transaction.atomic
def hazard_photo_remove(*, photo, by, reason):
    """Remove a photo uploaded by mistake, saying why; the audit trail keeps who removed which
    photo and why (the file itself stays in storage). Which photos may go: rules.photo_removable."""
    permissions.require(by, "remove", photo)
    if not (reason or "").strip():
        raise ValidationError({"note": _("Say why the photo is removed.")})
    hazard = Hazard.objects.select_for_update().get(pk=photo.hazard_id)
    if not rules.photo_removable(hazard.status, photo.stage):
        if hazard.status == HazardStatus.RECTIFIED:
            raise ValidationError(
                _("The after photos are the evidence awaiting sign-off. Return the rectification first to replace them.")
            )
        raise ValidationError(
            _("The hazard is “%(status)s”: its photos are kept as the record and cannot be removed.")
            % {"status": hazard.get_status_display()}
        )
    photo._history_user = by
    photo._change_reason = reason.strip()[:100]
    photo.delete()


@transaction.atomic
def hazard_close(*, hazard, by, reason, note, true_responsible_party="", closed_on=None):
    """Close without rectification (not a hazard, a duplicate, not our jurisdiction), so that such
    reports do not inflate the rectification rate. Not our jurisdiction names who is responsible."""
    hazard, target = _begin(hazard, HazardAction.CLOSE, by=by)
    errors = {}
    if reason not in ClosureReason.values:
        errors["reason"] = _("Choose why the hazard is closed.")
    if not (note or "").strip():
        errors["note"] = _("Explain the closure.")
    if reason == ClosureReason.NOT_OUR_JURISDICTION and not (true_responsible_party or "").strip():
        errors["true_responsible_party"] = _("Name the unit that is really responsible.")
    if errors:
        raise ValidationError(errors)
    closed_on = closed_on or timezone.localdate()
    if problem := input_rules.date_problem(closed_on):
        raise ValidationError({"closed_on": problem})
    from_status = hazard.status
    hazard.closed_on = closed_on
    hazard.closure_reason = reason
    hazard.closure_note = note
    if true_responsible_party:
        hazard.responsible_party_detail = true_responsible_party
    _finish(hazard, action=HazardAction.CLOSE, from_status=from_status, to_status=target, by=by, note=note)
    return hazard


@transaction.atomic
def reinspection_record(*, reinspection, by, result, note="", done_on=None, new_deadline=None):
    """回头看: record what the re-inspection found. A relapse reopens the hazard into rectification
    with a new deadline; its rectification and sign-off dates are cleared so the figures follow."""
    permissions.require(by, "record", reinspection)
    reinspection = Reinspection.objects.select_for_update().get(pk=reinspection.pk)
    if reinspection.done_on is not None:
        raise ValidationError(_("This re-inspection has already been recorded."))
    done_on = done_on or timezone.localdate()
    errors = {}
    if result not in ReinspectionResult.values:
        errors["result"] = _("Choose the result of the re-inspection.")
    if problem := input_rules.date_problem(done_on):
        errors["done_on"] = problem
    elif problem := input_rules.order_problem(reinspection.hazard.signed_off_on, done_on,
                                              earlier_label=Hazard._meta.get_field("signed_off_on").verbose_name):
        errors["done_on"] = problem
    if result == ReinspectionResult.RELAPSED:
        if not (note or "").strip():
            errors["note"] = _("Describe the relapse.")
        if new_deadline is None:
            errors["new_deadline"] = _("Set a new rectification deadline.")
        elif problem := input_rules.date_problem(new_deadline, kind=input_rules.DEADLINE):
            errors["new_deadline"] = problem
        elif new_deadline < done_on:
            errors["new_deadline"] = _("The new deadline cannot be before the re-inspection.")
    if errors:
        raise ValidationError(errors)
    reinspection.done_on = done_on
    reinspection.result = result
    reinspection.note = note
    reinspection.inspected_by = by
    reinspection._history_user = by
    reinspection.save()
    if result == ReinspectionResult.RELAPSED:
        hazard, target = _begin(reinspection.hazard, HazardAction.REOPEN, by=by)
        hazard.rectified_on = None
        hazard.signed_off_on = None
        hazard.signed_off_by = None
        hazard.rectification_deadline = new_deadline
        hazard.reopen_count += 1
        _finish(hazard, action=HazardAction.REOPEN, from_status=HazardStatus.SIGNED_OFF, to_status=target, by=by, note=note)
    return reinspection


def flag_due_reinspections(today=None):
    """Mark re-inspections that have fallen due (for the Celery beat task); lists show due ones anyway."""
    today = today or timezone.localdate()
    count = 0
    for reinspection in Reinspection.objects.filter(done_on__isnull=True, due_on__lte=today, flagged_due=False):
        reinspection.flagged_due = True
        reinspection.save(update_fields=["flagged_due"])
        count += 1
    return count


# ============================================================== accidents and black spots


@transaction.atomic
def black_spots_refresh(*, brigade, today=None):
    """Suggest black spots from the brigade's accidents of the policy's window. An accident already
    part of a suggestion (open, confirmed or dismissed) is not used again, so nothing is suggested twice."""
    today = today or timezone.localdate()
    policy = HazardPolicy.for_brigade(brigade.pk)
    zone = timezone.get_current_timezone()
    since = timezone.make_aware(datetime.combine(today - timedelta(days=policy.black_spot_window_days), time.min), zone)
    accidents = {
        a.pk: a
        for a in Accident.objects.filter(brigade=brigade, occurred_at__gte=since, latitude__isnull=False)
        .exclude(black_spot_suggestions__isnull=False)
        .select_related("town")
    }
    clusters = rules.find_black_spots(
        [(a.pk, a.latitude, a.longitude, a.severity == AccidentSeverity.FATAL) for a in accidents.values()],
        radius_m=policy.black_spot_radius_m, min_weight=policy.black_spot_min_weight,
        fatal_weight=policy.black_spot_fatal_weight,
    )
    created = []
    for centre_id, member_ids, weight in clusters:
        centre = accidents[centre_id]
        members = [accidents[i] for i in member_ids]
        lat, lon = rules.centroid((m.latitude, m.longitude) for m in members)
        suggestion = BlackSpotSuggestion.objects.create(
            brigade=brigade, suggested_on=today, latitude=round(lat, 6), longitude=round(lon, 6),
            radius_m=policy.black_spot_radius_m, weight=weight, town=centre.town, road=centre.road, place=centre.place,
        )
        suggestion.accidents.set(members)
        created.append(suggestion)
    return created


def _begin_suggestion(suggestion, by):
    permissions.require(by, "change", suggestion)
    locked = BlackSpotSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.status != BlackSpotStatus.SUGGESTED:
        raise ValidationError(_("This suggestion has already been decided."))
    return locked


@transaction.atomic
def black_spot_confirm(*, suggestion, by, note=""):
    """Turn a suggested black spot into a real hazard point of the black-spot category."""
    suggestion = _begin_suggestion(suggestion, by)
    category = HazardCategory.objects.filter(is_black_spot=True, is_active=True).order_by("sort_order").first()
    if category is None:
        raise ValidationError(_("No hazard category is marked as accident black spot; ask an administrator to add one."))
    count = suggestion.accidents.count()
    hazard = Hazard(
        brigade=suggestion.brigade, town=suggestion.town, road=suggestion.road, place=suggestion.place,
        latitude=suggestion.latitude, longitude=suggestion.longitude, category=category,
        source=HazardSource.ACCIDENT_REVIEW, found_on=timezone.localdate(), created_by=by,
        description=_("%(count)s accidents (weighted %(weight)s) within %(radius)s m in the last months.")
        % {"count": count, "weight": suggestion.weight, "radius": suggestion.radius_m}
        + (f"\n{note}" if note else ""),
    )
    hazard_report(hazard=hazard, by=by, note=note)
    suggestion.status = BlackSpotStatus.CONFIRMED
    suggestion.hazard = hazard
    suggestion.decided_by = by
    suggestion.decided_at = timezone.now()
    suggestion._history_user = by
    suggestion.save()
    return hazard


@transaction.atomic
def black_spot_dismiss(*, suggestion, by, reason):
    suggestion = _begin_suggestion(suggestion, by)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why this is not a black spot.")})
    suggestion.status = BlackSpotStatus.DISMISSED
    suggestion.dismissal_reason = reason
    suggestion.decided_by = by
    suggestion.decided_at = timezone.now()
    suggestion._history_user = by
    suggestion._change_reason = reason[:100]
    suggestion.save()
    return suggestion


# ============================================================== key enterprises


@transaction.atomic
def enterprise_register(*, enterprise, by):
    """Save a new key enterprise and record the risk level it starts with."""
    permissions.require(by, "add", enterprise)
    if enterprise.created_by_id is None:
        enterprise.created_by = by
    enterprise._history_user = by
    enterprise.save()
    EnterpriseRiskChange.objects.create(
        brigade=enterprise.brigade, enterprise=enterprise, from_level="", to_level=enterprise.risk_level,
        changed_on=timezone.localdate(enterprise.created_at), reason=_("Registered"), created_by=by,
    )
    return enterprise


@transaction.atomic
def enterprise_change_risk_level(*, enterprise, by, to_level, reason, changed_on=None):
    """The monthly risk assessment moves an enterprise to another level; the change is kept."""
    permissions.require(by, "change_risk_level", enterprise)
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    changed_on = changed_on or timezone.localdate()
    errors = {}
    if to_level not in RiskLevel.values:
        errors["to_level"] = _("Choose a risk level.")
    elif to_level == enterprise.risk_level:
        errors["to_level"] = _("The enterprise already has this risk level.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the new risk level.")
    if problem := input_rules.date_problem(changed_on):
        errors["changed_on"] = problem
    if errors:
        raise ValidationError(errors)
    change = EnterpriseRiskChange.objects.create(
        brigade=enterprise.brigade, enterprise=enterprise, from_level=enterprise.risk_level, to_level=to_level,
        changed_on=changed_on, reason=reason, created_by=by,
    )
    enterprise.risk_level = to_level
    enterprise._history_user = by
    enterprise._change_reason = reason[:100]
    enterprise.save()
    return change


@transaction.atomic
def supervision_action_complete(*, action, by, done_on=None, note):
    """The enterprise has done what the notice required: close the follow-up."""
    permissions.require(by, "complete", action)
    action = SupervisionAction.objects.select_for_update().get(pk=action.pk)
    if action.follow_up_status != FollowUpStatus.OPEN:
        raise ValidationError(_("This action has no open follow-up."))
    done_on = done_on or timezone.localdate()
    errors = {}
    if done_on < action.acted_on:
        errors["done_on"] = _("The date cannot be before the action.")
    if problem := input_rules.date_problem(done_on):
        errors["done_on"] = problem
    if not (note or "").strip():
        errors["note"] = _("Say how it was done.")
    if errors:
        raise ValidationError(errors)
    action.follow_up_status = FollowUpStatus.DONE
    action.done_on = done_on
    action.done_note = note
    action._history_user = by
    action._change_reason = note[:100]
    action.save()
    return action


@transaction.atomic
def supervision_action_record(*, action, by):
    """Save a new supervision action; one with a deadline (every notice has one) is followed until done."""
    permissions.require(by, "add", action)
    action.follow_up_status = FollowUpStatus.OPEN if action.deadline else FollowUpStatus.NONE
    if action.created_by_id is None:
        action.created_by = by
    action._history_user = by
    action.save()
    kind = SUPERVISION_NOTICE_KINDS.get(action.kind)
    if kind:
        issued_on = action.acted_on
        _notice_create(
            brigade=action.brigade, kind=kind, year=issued_on.year, serial=_draw_notice_serial(action.brigade, issued_on.year),
            issued_on=issued_on, addressee=action.enterprise.name, by=by, supervision_action=action,
        )
    return action


# ============================================================== 挂牌督办


@transaction.atomic
def supervision_list(*, hazard, by, level, supervising_unit, supervision_deadline, listed_on=None, requirements=""):
    """挂牌督办: list an open hazard for supervision; one listing in force per hazard."""
    permissions.require(by, "list_for_supervision", hazard)
    hazard = Hazard.objects.select_for_update().get(pk=hazard.pk)
    listed_on = listed_on or timezone.localdate()
    errors = {}
    if hazard.status in (HazardStatus.SIGNED_OFF, HazardStatus.CLOSED):
        raise ValidationError(_("A signed-off or closed hazard is not listed for supervision."))
    if hazard.supervision_listings.filter(lifted_on__isnull=True).exists():
        raise ValidationError(_("This hazard is already listed for supervision."))
    if level not in SupervisionLevel.values:
        errors["level"] = _("Choose who lists the hazard.")
    if not (supervising_unit or "").strip():
        errors["supervising_unit"] = _("Name the supervising unit.")
    if supervision_deadline is None:
        errors["supervision_deadline"] = _("Set the supervision deadline.")
    elif supervision_deadline < listed_on:
        errors["supervision_deadline"] = _("The supervision deadline cannot be before the listing.")
    if errors:
        raise ValidationError(errors)
    listing = SupervisionListing(
        brigade=hazard.brigade, hazard=hazard, level=level, supervising_unit=supervising_unit.strip(), listed_on=listed_on,
        supervision_deadline=supervision_deadline, requirements=requirements, created_by=by,
    )
    listing._history_user = by
    listing.save()
    if not hazard.is_supervised:
        hazard.is_supervised = True
        hazard._history_user = by
        hazard._change_reason = _("listed for supervision")
        hazard.save(update_fields=["is_supervised", "updated_at"])
    return listing


@transaction.atomic
def supervision_progress_report(*, listing, by, progress, reported_on=None):
    permissions.require(by, "report_progress", listing)
    listing = SupervisionListing.objects.select_for_update().get(pk=listing.pk)
    if listing.lifted_on is not None:
        raise ValidationError(_("The listing has been lifted."))
    reported_on = reported_on or timezone.localdate()
    if not (progress or "").strip():
        raise ValidationError({"progress": _("Say what has been done.")})
    if reported_on > timezone.localdate() or reported_on < listing.listed_on:
        raise ValidationError({"reported_on": _("The report date must lie between the listing and today.")})
    report = SupervisionProgress(listing=listing, reported_on=reported_on, progress=progress.strip(), reported_by=by)
    report._history_user = by
    report.save()
    return report


@transaction.atomic
def supervision_lift(*, listing, by, note, lifted_on=None):
    """摘牌: the supervision ends (the hazard is rectified, or the supervising unit lifts it)."""
    permissions.require(by, "lift", listing)
    listing = SupervisionListing.objects.select_for_update().select_related("hazard").get(pk=listing.pk)
    if listing.lifted_on is not None:
        raise ValidationError(_("The listing has been lifted."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the listing is lifted.")})
    lifted_on = lifted_on or timezone.localdate()
    if lifted_on < listing.listed_on:
        raise ValidationError({"lifted_on": _("The listing cannot be lifted before it was made.")})
    listing.lifted_on = lifted_on
    listing.lift_note = note.strip()
    listing._history_user = by
    listing.save()
    hazard = listing.hazard
    hazard.is_supervised = False
    hazard._history_user = by
    hazard._change_reason = _("listing lifted")
    hazard.save(update_fields=["is_supervised", "updated_at"])
    return listing


# ============================================================== notices and their delivery (送达回执)


def _notice_create(*, brigade, kind, year, serial, issued_on, addressee, by, hazard=None, supervision_action=None):
    notice = Notice(
        brigade=brigade, kind=kind, year=year, serial=serial, issued_on=issued_on, addressee=addressee[:200],
        number=rules.notice_number(brigade.short_name, year, serial, NOTICE_NUMBER_WORDS[kind]),
        hazard=hazard, supervision_action=supervision_action, created_by=by,
    )
    notice._history_user = by
    notice.save()
    return notice


@transaction.atomic
def notice_record_receipt(*, notice, by, received_by, received_at, delivery_method, receipt_scan=None):
    """The signed 送达回执 came back: who received the notice, when and how, with its photo or scan.
    Recorded once; a second receipt for the same notice is refused (correct it in the admin)."""
    permissions.require(by, "record_receipt", notice)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    errors = {}
    if notice.received_at is not None:
        raise ValidationError(_("The receipt of this notice is already recorded."))
    if not (received_by or "").strip():
        errors["received_by"] = _("Name who received the notice.")
    if delivery_method not in DeliveryMethod.values:
        errors["delivery_method"] = _("Choose how the notice was served.")
    if received_at is None:
        errors["received_at"] = _("Give the time the notice was received.")
    elif received_at > timezone.now():
        errors["received_at"] = _("The time received cannot be in the future.")
    elif timezone.localdate(received_at) < notice.issued_on:
        errors["received_at"] = _("The notice cannot be received before it was issued.")
    if receipt_scan is not None:
        try:
            validate_receipt_file(receipt_scan)
        except ValidationError as error:
            errors["receipt_scan"] = error.messages
    elif delivery_method != DeliveryMethod.ELECTRONIC:
        errors["receipt_scan"] = _("Add a photo or scan of the signed receipt.")
    if errors:
        raise ValidationError(errors)
    notice.received_by = received_by.strip()
    notice.received_at = received_at
    notice.delivery_method = delivery_method
    if receipt_scan is not None:
        notice.receipt_scan = receipt_scan
    notice.receipt_recorded_by = by
    notice._history_user = by
    notice._change_reason = _("receipt recorded")
    notice.save()
    return notice


# ============================================================== key vehicles and drivers


def _begin_key_item(item, action):
    locked = type(item).objects.select_for_update().get(pk=item.pk)
    target = KEY_ITEM_TRANSITIONS.get((action, locked.status))
    if target is None:
        raise ValidationError(
            _("An item that is “%(status)s” cannot be given “%(action)s”.")
            % {"status": locked.get_status_display(), "action": KeyItemAction(action).label}
        )
    return locked, target


def _save_key_item(item, by, note):
    input_rules.validate_instance(item)
    item._history_user = by
    item._change_reason = (note or "")[:100] or None
    item.save()
    return item


@transaction.atomic
def key_item_assign(*, item, by, squadron, officer=None, handle_by, note=""):
    """分片包干: hand a key vehicle or driver to a squadron and a responsible officer with a time limit."""
    permissions.require(by, "assign", item)
    item, target = _begin_key_item(item, KeyItemAction.ASSIGN)
    errors = {}
    if squadron is None:
        errors["squadron"] = _("Choose the squadron.")
    elif squadron.brigade_id != item.brigade_id:
        errors["squadron"] = _("This belongs to another brigade.")
    if officer is not None and officer.brigade_id != item.brigade_id:
        errors["officer"] = _("This belongs to another brigade.")
    else:
        errors.update(input_rules.squadron_problems({"squadron": squadron, "officer": officer}))
    if handle_by is None:
        errors["handle_by"] = _("Set the time limit.")
    elif problem := input_rules.date_problem(handle_by, kind=input_rules.DEADLINE):
        errors["handle_by"] = problem
    elif handle_by < item.listed_on:
        errors["handle_by"] = _("The time limit cannot be before the item was received.")
    if errors:
        raise ValidationError(errors)
    item.squadron, item.officer, item.handle_by, item.status = squadron, officer, handle_by, target
    return _save_key_item(item, by, note)


@transaction.atomic
def key_item_clear(*, item, by, clearance, cleared_on=None, note=""):
    """清理: the vehicle was inspected, scrapped or deregistered; the driver reviewed or the licence handled."""
    permissions.require(by, "clear", item)
    item, target = _begin_key_item(item, KeyItemAction.CLEAR)
    cleared_on = cleared_on or timezone.localdate()
    choices = type(item)._meta.get_field("clearance").choices
    errors = {}
    if clearance not in {value for value, _label in choices}:
        errors["clearance"] = _("Choose how the item was cleared.")
    if cleared_on < item.listed_on:
        errors["cleared_on"] = _("The date cannot be before the item was received.")
    if problem := input_rules.date_problem(cleared_on):
        errors["cleared_on"] = problem
    if errors:
        raise ValidationError(errors)
    item.status, item.clearance, item.cleared_on, item.clearance_note = target, clearance, cleared_on, note
    return _save_key_item(item, by, note)


@transaction.atomic
def key_item_reopen(*, item, by, note):
    permissions.require(by, "reopen", item)
    item, target = _begin_key_item(item, KeyItemAction.REOPEN)
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the item is open again.")})
    item.status = target
    item.clearance, item.cleared_on, item.clearance_note = "", None, ""
    return _save_key_item(item, by, note)


# ============================================================== the weekly list import


def key_list_file_bytes(batch):
    batch.file.open("rb")
    try:
        return batch.file.read()
    finally:
        batch.file.close()


def key_list_import_kind(batch):
    """The name under which a weekly list's files are remembered (brigades.ImportedFile.kind)."""
    return f"hazards.key_list.{batch.kind}"


def _read(batch):

    return importing.read_dataset(batch.original_name, key_list_file_bytes(batch))


@transaction.atomic
def key_item_import_preview(*, upload, kind, brigade, by, listed_on=None):
    """Dry run of an uploaded list: nothing is imported; the upload and each row's verdict are kept
    for the preview page. A file that cannot be read at all raises ValidationError({"file": ...})."""

    permissions.require(by, "add", KeyItemImport)
    try:
        dataset = importing.read_upload(upload)
        counts, rows = importing.run(kind, dataset, brigade=brigade, listed_on=listed_on or timezone.localdate(), by=by)
    except importing.FileProblem as problem:
        raise ValidationError({"file": problem.messages}) from problem

    batch = KeyItemImport(
        brigade=brigade, kind=kind, listed_on=listed_on or timezone.localdate(), original_name=upload.name[:200],
        created_by=by, new_count=counts["new"], updated_count=counts["updated"],
        unchanged_count=counts["unchanged"], rejected_count=counts["rejected"], preview=rows,
    )
    upload.seek(0)
    batch.file.save(upload.name, upload, save=False)
    batch.save()
    return batch


@transaction.atomic
def key_item_import_confirm(*, batch, by):
    """Write the previewed list: every good row or, if anything fails, none (one transaction).
    Rejected rows are left out, as the preview said."""

    permissions.require(by, "confirm", batch)
    batch = KeyItemImport.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportStatus.PREVIEWED:
        raise ValidationError(_("This list has already been imported."))
    try:
        dataset = _read(batch)
        counts, rows = importing.run(batch.kind, dataset, brigade=batch.brigade, listed_on=batch.listed_on, by=by, batch=batch, dry_run=False)
    except importing.FileProblem as problem:
        raise ValidationError({"file": problem.messages}) from problem
    batch.status = ImportStatus.CONFIRMED
    batch.confirmed_at = timezone.now()
    batch.new_count, batch.updated_count = counts["new"], counts["updated"]
    batch.unchanged_count, batch.rejected_count = counts["unchanged"], counts["rejected"]
    batch.preview = rows
    batch._history_user = by
    batch.save()
    # Remembered by content, so that uploading this very file again is flagged in its preview.
    spreadsheets.imported_file_record(
        brigade=batch.brigade, kind=key_list_import_kind(batch),
        sha256=spreadsheets.content_hash(key_list_file_bytes(batch)), name=batch.original_name,
        rows=len(rows), by=by,
    )
    return batch
