"""The legal rules the software applies, not the clerk: pure functions, no database.

Every refusal is a `django.core.exceptions.ValidationError` keyed by the field the clerk must
correct, so the form shows it beside that field and the API returns it as a JSON field error.
Arithmetic is in `Decimal`; band boundaries are decided by exact comparisons, never by a
rounded percentage (49 t rated with 63.7 t on board is exactly 30%, not 29.99…).
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from brigades.records import personal_numbers

from .choices import LENIENT_DISPOSITIONS, Disposition, KindCode, LicenceAction, Measurement, OverloadBand

# --- Alcohol ---------------------------------------------------------------------------------

#: GB 19522 (车辆驾驶人员血液、呼气酒精含量阈值与检验): blood alcohol ≥ 20 mg/100 mL is
#: drink driving (饮酒后驾车), ≥ 80 mg/100 mL is drunk driving (醉酒后驾车).
DRINK_THRESHOLD = Decimal("20")
DRUNK_THRESHOLD = Decimal("80")
#: GB 19522: a breath reading converts with the 1:2200 breath-to-blood ratio, i.e.
#: BAC (mg/100 mL) = breath (mg/L) × 220.
BREATH_TO_BLOOD = Decimal("220")
#: Readings above 500 mg/100 mL (breath above 2.273 mg/L) are refused as typing errors: a
#: blood alcohol of 400–500 mg/100 mL is the lethal range, nobody is stopped driving above it,
#: and a clerk who types 2000 for 200 must be told before the case counts as a criminal one.
MAX_PLAUSIBLE_BAC = Decimal("500")
#: A breath test at the roadside and a blood sample drawn later (often an hour or more, while
#: alcohol is eliminated at about 10–20 mg/100 mL per hour) never agree exactly. They are
#: taken to disagree, and the record is refused, when the converted breath reading differs
#: from the blood reading by more than 20 mg/100 mL AND by more than 25% of the blood
#: reading. Within that tolerance the blood reading decides (GB 19522: 以血液检验结果为准).
READINGS_TOLERANCE_ABS = Decimal("20")
READINGS_TOLERANCE_REL = Decimal("0.25")


@dataclass(frozen=True)
class AlcoholAssessment:
    bac: Decimal  # mg/100 mL, the figure the offence is judged on
    from_blood: bool
    kind_code: str  # KindCode.DRINK_DRIVING or KindCode.DRUNK_DRIVING

    @property
    def criminal_referral(self):
        """Drunk driving is the crime of dangerous driving (刑法 第133条之一, 危险驾驶罪):
        the case is referred for prosecution."""
        return self.kind_code == KindCode.DRUNK_DRIVING


def breath_to_bac(breath):
    """Breath alcohol (mg/L) → blood alcohol equivalent (mg/100 mL), GB 19522 ratio 1:2200."""
    return Decimal(breath) * BREATH_TO_BLOOD


def classify_bac(bac):
    """GB 19522: [20, 80) drink driving, [80, ∞) drunk driving, below 20 no alcohol offence (None)."""
    bac = Decimal(bac)
    if bac < DRINK_THRESHOLD:
        return None
    if bac < DRUNK_THRESHOLD:
        return KindCode.DRINK_DRIVING
    return KindCode.DRUNK_DRIVING


def readings_agree(blood, breath):
    """True when a blood reading (mg/100 mL) and a breath reading (mg/L) are within the
    documented tolerance of each other (see READINGS_TOLERANCE_*)."""
    difference = abs(breath_to_bac(breath) - Decimal(blood))
    return difference <= READINGS_TOLERANCE_ABS or difference <= READINGS_TOLERANCE_REL * Decimal(blood)


def assess_alcohol(*, blood=None, breath=None):
    """The alcohol offence of a case from its readings, or None when no reading was taken.

    Refuses (ValidationError keyed by field) a negative or implausible reading, a breath and a
    blood reading that disagree, and a reading below 20 mg/100 mL: that is not an alcohol
    offence and must not be recorded as one.
    """
    errors = {}
    for field, value, bac in (
        ("blood_alcohol", blood, None if blood is None else Decimal(blood)),
        ("breath_alcohol", breath, None if breath is None else breath_to_bac(breath)),
    ):
        if value is None:
            continue
        if Decimal(value) < 0:
            errors[field] = _("A reading cannot be negative.")
        elif bac > MAX_PLAUSIBLE_BAC:
            errors[field] = _(
                "%(bac)s mg/100 mL is not a plausible reading (the upper bound is %(max)s mg/100 mL): check the figure."
            ) % {"bac": _fmt(bac), "max": _fmt(MAX_PLAUSIBLE_BAC)}
    if errors:
        raise ValidationError(errors)
    if blood is None and breath is None:
        return None
    if blood is not None and breath is not None and not readings_agree(blood, breath):
        raise ValidationError({
            "breath_alcohol": _(
                "The breath reading (%(breath)s mg/100 mL equivalent) and the blood reading (%(blood)s mg/100 mL) "
                "disagree by more than the tolerance: check both figures."
            ) % {"breath": _fmt(breath_to_bac(breath)), "blood": _fmt(blood)}
        })
    from_blood = blood is not None
    bac = Decimal(blood) if from_blood else breath_to_bac(breath)
    kind_code = classify_bac(bac)
    if kind_code is None:
        field = "blood_alcohol" if from_blood else "breath_alcohol"
        raise ValidationError({
            field: _(
                "%(bac)s mg/100 mL is below 20 mg/100 mL: not an alcohol offence, do not record it as a case."
            ) % {"bac": _fmt(bac)}
        })
    # Rounded down for display: 0.3636 mg/L is 79.992 mg/100 mL, drink driving, shown 79.9 (never 80.0).
    return AlcoholAssessment(bac=bac.quantize(Decimal("0.1"), rounding=ROUND_DOWN), from_blood=from_blood, kind_code=kind_code)


# --- Penalties ----------------------------------------------------------------------------------

#: Licence measures from the mildest: a code's measure is the least a case of it must carry.
LICENCE_SEVERITY = {LicenceAction.NONE: 0, LicenceAction.SUSPENDED: 1, LicenceAction.REVOKED: 2}


@dataclass(frozen=True)
class PenaltyTerms:
    """What the law attaches to one violation code (违法行为代码)."""

    fine_min: Decimal
    fine_max: Decimal
    points: int
    licence_action: str
    is_criminal: bool


def penalty_problems(terms, *, disposition, fine, points, licence_action):
    """{field: message} where a case's penalty does not match its code's terms.

    A warning or education (首违警告, 轻微不罚) carries no fine and no points; otherwise the fine lies in
    the code's range, the points are the code's (道路交通安全违法行为记分管理办法 fixes them per
    offence), the licence measure is at least the code's, and a criminal code is referred.
    """
    errors = {}
    fine = Decimal(fine or 0)
    if disposition in LENIENT_DISPOSITIONS:
        return errors
    if terms.is_criminal and disposition != Disposition.CRIMINAL_REFERRAL:
        errors["disposition"] = _("This offence is a crime: the case is referred for prosecution.")
    if not terms.fine_min <= fine <= terms.fine_max:
        if terms.fine_max == 0:
            errors["fine_amount"] = _("This offence carries no fine from the traffic police (%(fine)s yuan entered).") % {
                "fine": _fmt_money(fine)}
        else:
            errors["fine_amount"] = _("The fine for this offence is %(min)s–%(max)s yuan (%(fine)s entered).") % {
                "min": _fmt_money(terms.fine_min), "max": _fmt_money(terms.fine_max), "fine": _fmt_money(fine)}
    if (points or 0) != terms.points:
        errors["points"] = _("This offence carries %(points)s points (%(entered)s entered).") % {
            "points": terms.points, "entered": points or 0}
    if LICENCE_SEVERITY.get(licence_action, 0) < LICENCE_SEVERITY[terms.licence_action]:
        errors["licence_action"] = _("This offence requires: %(action)s.") % {
            "action": LicenceAction(terms.licence_action).label}
    return errors


def _fmt_money(value):
    value = Decimal(value)
    return f"{value:.0f}" if value == value.to_integral_value() else f"{value:.2f}"


# --- Overload --------------------------------------------------------------------------------

#: The articles count "百吨王" separately: a truck whose gross mass (vehicle and load) is
#: 100 t or more.
HUNDRED_TONNE = Decimal("100")
#: Lower bounds of the bands (closed below, open above; see OverloadBand).
BAND_BOUNDS = ((Decimal("100"), OverloadBand.FROM_100), (Decimal("50"), OverloadBand.FROM_50),
               (Decimal("30"), OverloadBand.FROM_30), (Decimal("0"), OverloadBand.UNDER_30))


@dataclass(frozen=True)
class OverloadAssessment:
    percent: Decimal  # rounded to 0.1 for display; the band is decided exactly
    band: str
    hundred_tonne: bool


def overload_percent(*, rated, actual):
    """(actual − rated) ÷ rated × 100 (道路交通安全法 第48、49、92条: load by mass for a goods
    vehicle, passengers for a bus, both against the figure on the licence)."""
    rated, actual = Decimal(rated), Decimal(actual)
    return (actual - rated) / rated * 100


def overload_band(*, rated, actual):
    """The band of an overload, decided without division: excess × 100 compared with bound × rated."""
    rated, actual = Decimal(rated), Decimal(actual)
    excess = (actual - rated) * 100
    for bound, band in BAND_BOUNDS:
        if excess >= bound * rated:
            return band
    raise ValueError("not overloaded")


def assess_overload(*, measurement, rated, actual, gross=None):
    """Percent over, band and "百吨王" of an overloaded truck (measurement LOAD_MASS, tonnes)
    or an overcrowded bus (PASSENGERS, seats). Refuses a missing or zero rated figure, negative
    figures, whole numbers of passengers that are not whole, a load that is not over the rated
    one, and a gross mass below the load it carries."""
    errors = {}
    if rated is None:
        errors["rated_load"] = _("Enter the rated load (tonnes) or the rated seats.")
    elif Decimal(rated) <= 0:
        errors["rated_load"] = _("The rated load must be above 0.")
    if actual is None:
        errors["actual_load"] = _("Enter the actual load (tonnes) or the passengers on board.")
    elif Decimal(actual) < 0:
        errors["actual_load"] = _("The actual load cannot be negative.")
    if measurement == Measurement.PASSENGERS:
        for field, value in (("rated_load", rated), ("actual_load", actual)):
            if field not in errors and value is not None and Decimal(value) != Decimal(value).to_integral_value():
                errors[field] = _("Seats and passengers are whole numbers.")
    if gross is not None and Decimal(gross) < 0:
        errors["gross_mass"] = _("The gross mass cannot be negative.")
    if errors:
        raise ValidationError(errors)
    if Decimal(actual) <= Decimal(rated):
        raise ValidationError({"actual_load": _("The actual load does not exceed the rated load: not an overload.")})
    if gross is not None and measurement == Measurement.LOAD_MASS and Decimal(gross) < Decimal(actual):
        raise ValidationError({"gross_mass": _("The gross mass (vehicle and load) cannot be less than the load.")})
    hundred_tonne = measurement == Measurement.LOAD_MASS and gross is not None and Decimal(gross) >= HUNDRED_TONNE
    return OverloadAssessment(
        percent=overload_percent(rated=rated, actual=actual).quantize(Decimal("0.1")),
        band=overload_band(rated=rated, actual=actual),
        hundred_tonne=hundred_tonne,
    )


# --- Personal data -----------------------------------------------------------------------------

def mask_id_number(value):
    """371502********123X (the one rule lives in brigades.records.personal_numbers)."""
    return personal_numbers.mask(value)


def shows_full_personal_numbers(*, role, is_superuser=False, context):
    """Who sees ID/licence numbers in full: brigades.records.personal_numbers.shows_full."""
    return personal_numbers.shows_full(role=role, is_superuser=is_superuser, context=context)


# --- Helmet surveys ----------------------------------------------------------------------------

def helmet_rate(*, wearing, seen):
    """Wearing rate in percent (wearing ÷ seen × 100), None when nobody was seen. Aggregates
    pass the sums, so the rate of a period is weighted by riders seen."""
    if not seen:
        return None
    return Decimal(wearing) * 100 / Decimal(seen)


@dataclass
class RankedUnit:
    key: object
    name: str
    seen: int
    wearing: int
    rate: Decimal | None
    rank: int | None = None
    insufficient: bool = False
    top: bool = False
    bottom: bool = False


def rank_helmet_units(rows, *, min_seen, highlight=2):
    """Rank towns / 管区 (or brigades) by wearing rate: rows are (key, name, seen, wearing).

    A unit with fewer than `min_seen` riders seen is insufficient: shown, not ranked. The
    others are ordered by rate (highest first); a tie is broken by the larger base, then by
    name, so the order is stable. Ranks are 1, 2, 3… in that order. The first `highlight` are
    the top, the last `highlight` the bottom (with fewer than 2×highlight ranked units the
    top is filled first and the bottom gets the rest).
    """
    units = [RankedUnit(key, name, seen or 0, wearing or 0, helmet_rate(wearing=wearing or 0, seen=seen or 0))
             for key, name, seen, wearing in rows]
    ranked = [u for u in units if u.seen >= max(min_seen, 1)]
    for unit in units:
        unit.insufficient = unit not in ranked
    ranked.sort(key=lambda u: (-u.rate, -u.seen, u.name))
    for position, unit in enumerate(ranked, start=1):
        unit.rank = position
    top = ranked[:highlight]
    bottom = ranked[len(top):][-highlight:]
    for unit in top:
        unit.top = True
    for unit in bottom:
        unit.bottom = True
    insufficient = sorted((u for u in units if u.insufficient), key=lambda u: (-u.seen, u.name))
    return ranked + insufficient


def _fmt(value):
    return f"{Decimal(value).quantize(Decimal('0.1')):f}"
