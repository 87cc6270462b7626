"""Writes that are more than a plain save: the rules applied to a case (shared by the web form,
the quick entry, the admin, the spreadsheet import and the API) and the all-or-nothing import."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from brigades.records import identifiers, permissions

from . import rules
from .choices import LENIENT_DISPOSITIONS, Disposition, LicenceAction, Measurement, PlateType
from .models import ViolationCode, ViolationKind


def kind_by_code(code):
    return ViolationKind.objects.get(code=code)


def violation_apply_rules(violation, *, today=None, fill_penalty=False):
    """Apply rules.py to an unsaved or edited case, in place, or raise ValidationError keyed by
    the fields to correct. The alcohol kind is derived from the reading, never taken from the
    input: a reading makes the case drink or drunk driving, an alcohol kind without a reading
    is refused. Drunk driving is set to a criminal referral. With `fill_penalty` (the quick entry), a
    case left without fine, points and licence measure gets its code's least penalty, as the form's
    preview fills it in; otherwise the penalty is checked against the code."""
    today = today or timezone.localdate()
    errors = {}

    def refuse(error):
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)

    code = violation.violation_code if violation.violation_code_id else None
    kind = violation.kind if violation.kind_id else None
    if kind is None and code is not None:
        violation.kind = kind = code.kind
    blood, breath = violation.blood_alcohol, violation.breath_alcohol
    has_reading = blood is not None or breath is not None
    alcohol = None
    try:
        alcohol = rules.assess_alcohol(blood=blood, breath=breath)
    except ValidationError as error:
        refuse(error)
    if has_reading:
        if kind is not None and kind.measurement != Measurement.ALCOHOL:
            errors.setdefault("kind", []).append(
                _("An alcohol reading makes this a drink or drunk driving case: record %(kind)s as a separate case.")
                % {"kind": kind.name}
            )
        elif alcohol is not None:
            violation.kind = kind = kind_by_code(alcohol.kind_code)
            violation.bac = alcohol.bac
    else:
        violation.bac = None
        if kind is None:
            errors.setdefault("kind", []).append(_("Choose the kind of violation, or enter an alcohol reading."))
        elif kind.measurement == Measurement.ALCOHOL:
            errors.setdefault("breath_alcohol", []).append(
                _("Enter the breath or blood reading: drink or drunk driving is decided from it.")
            )

    measurement = kind.measurement if kind is not None else Measurement.NONE
    loads = (violation.rated_load, violation.actual_load, violation.gross_mass)
    violation.overload_percent, violation.overload_band, violation.hundred_tonne = None, "", False
    if measurement in (Measurement.LOAD_MASS, Measurement.PASSENGERS):
        try:
            overload = rules.assess_overload(
                measurement=measurement, rated=violation.rated_load, actual=violation.actual_load,
                gross=violation.gross_mass if measurement == Measurement.LOAD_MASS else None,
            )
        except ValidationError as error:
            refuse(error)
        else:
            violation.overload_percent = overload.percent
            violation.overload_band = overload.band
            violation.hundred_tonne = overload.hundred_tonne
    elif kind is not None and any(value is not None for value in loads):
        errors.setdefault("rated_load", []).append(_("Loads are recorded on overloading and overcrowding cases only."))
    if measurement != Measurement.LOAD_MASS and (violation.panels_cut or violation.tonnes_unloaded):
        errors.setdefault("panels_cut", []).append(_("Panels cut and unloading apply to overloaded trucks only."))
    if violation.tonnes_unloaded is not None:
        if violation.tonnes_unloaded < 0:
            errors.setdefault("tonnes_unloaded", []).append(_("The tonnes unloaded cannot be negative."))
        elif violation.actual_load is not None and violation.tonnes_unloaded > violation.actual_load:
            errors.setdefault("tonnes_unloaded", []).append(_("More tonnes unloaded than the truck carried."))

    if alcohol is not None and alcohol.criminal_referral:
        # 刑法 第133条之一: drunk driving is a crime; the case goes to prosecution whatever was chosen.
        violation.disposition = Disposition.CRIMINAL_REFERRAL
    elif alcohol is not None and violation.disposition in LENIENT_DISPOSITIONS:
        errors.setdefault("disposition", []).append(
            _("Drink driving is not eligible for a warning or education (道路交通安全法 第91条).")
        )
    code = _case_code(violation, kind, code, alcohol, errors)
    if code is not None and fill_penalty and violation.disposition not in LENIENT_DISPOSITIONS and not (
        violation.fine_amount or violation.points or violation.licence_action != LicenceAction.NONE
    ):
        violation.fine_amount, violation.points = code.fine_min, code.points
        violation.licence_action = code.licence_action
    if code is not None:
        for field, message in rules.penalty_problems(
            code.terms, disposition=violation.disposition, fine=violation.fine_amount, points=violation.points,
            licence_action=violation.licence_action,
        ).items():
            errors.setdefault(field, []).append(message)
    if violation.disposition in LENIENT_DISPOSITIONS and (violation.fine_amount or violation.points):
        errors.setdefault("fine_amount", []).append(_("A warning or education carries no fine and no points."))
    if violation.fine_amount is not None and violation.fine_amount < 0:
        errors.setdefault("fine_amount", []).append(_("A fine cannot be negative."))

    violation.plate = identifiers.normalize_plate(violation.plate)
    if violation.plate_type == PlateType.NONE:
        pass
    elif not violation.plate:
        errors.setdefault("plate", []).append(_("Enter the plate number, or choose plate type “No plate”."))
    else:
        try:
            identifiers.validate_plate(violation.plate)
        except ValidationError as error:
            errors.setdefault("plate", []).extend(error.messages)
    violation.driver_id_number = identifiers.normalize_id_number(violation.driver_id_number)
    if violation.driver_id_number:
        problem = identifiers.id_number_problem(violation.driver_id_number, today=today)
        if problem:
            errors.setdefault("driver_id_number", []).append(problem)

    if violation.operation_id and violation.brigade_id and not violation.operation.covers(violation.brigade):
        errors.setdefault("operation", []).append(_("This operation does not include your brigade."))
    if violation.deployment_id:
        deployment = violation.deployment
        if violation.operation_id and deployment.operation_id != violation.operation_id:
            errors.setdefault("deployment", []).append(_("This checkpoint belongs to another operation."))
        elif not violation.operation_id:
            violation.operation = deployment.operation
    if errors:
        raise ValidationError(errors)
    return violation


def alcohol_code(kind, *, commercial_vehicle=False):
    """The violation code of drink or drunk driving (of a commercial vehicle or not)."""
    codes = ViolationCode.objects.filter(kind=kind, is_active=True).order_by("sort_order", "code")
    return codes.filter(commercial_vehicle=commercial_vehicle).first() or codes.first()


def _case_code(violation, kind, code, alcohol, errors):
    """The case's code: an alcohol case's follows its reading (a drink-driving code becomes the
    drunk-driving one, commercial vehicle kept) and is named even when the clerk left it out; any
    other code must be of the case's kind."""
    if alcohol is not None and kind is not None and (code is None or code.kind_id != kind.pk):
        code = alcohol_code(kind, commercial_vehicle=bool(code and code.commercial_vehicle))
    elif code is not None and kind is not None and code.kind_id != kind.pk:
        errors.setdefault("violation_code", []).append(
            _("Code %(code)s is a case of “%(code_kind)s”, not “%(kind)s”.")
            % {"code": code.code, "code_kind": code.kind.name, "kind": kind.name}
        )
        return None
    violation.violation_code = code
    return code


@transaction.atomic
def violation_record(*, violation, by, officers=None):
    """Save a new or edited case with its rules applied and its officers (None: left as they are), in one
    transaction. The web form, the quick entry and the API all save a case through here."""
    permissions.require(by, permissions.ADD if violation.pk is None else permissions.CHANGE, violation)
    violation_apply_rules(violation)
    if violation.pk is None:
        violation.created_by = by
    violation.save()
    if officers is not None:
        violation.officers.set(officers)
    return violation


def suggested_plate_type(plate):
    """A plate type guessed from the plate's format, for the quick entry (the clerk may change it)."""
    fmt = identifiers.plate_format(plate)
    plate = identifiers.normalize_plate(plate)
    if fmt == "new_energy_small":
        return PlateType.NEW_ENERGY_SMALL
    if fmt == "new_energy_large":
        return PlateType.NEW_ENERGY_LARGE
    if fmt == "suffixed":
        return {"挂": PlateType.TRAILER, "学": PlateType.LEARNER, "警": PlateType.POLICE}[plate[-1]]
    return None


