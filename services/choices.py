from django.db import models
from django.utils.translation import gettext_lazy as _


# --- Counter business (车管业务) ---------------------------------------------------------------


class ServicePointKind(models.TextChoices):
    VEHICLE_ADMIN_OFFICE = "vehicle_admin_office", _("Vehicle-admin office")
    SELF_SERVICE_AREA = "self_service_area", _("Self-service area")
    INSPECTION_STATION = "inspection_station", _("Inspection station")
    EXAM_GROUND = "exam_ground", _("Exam ground")
    OTHER = "other", _("Other")


class CountScheme(models.TextChoices):
    """Which counts a business type needs on the daily tally."""

    EXAM_WITH_LICENCE = "exam_with_licence", _("Sat, passed and licences made")
    EXAM = "exam", _("Sat and passed")
    HANDLED = "handled", _("Number handled")


class StandardBusiness(models.TextChoices):
    """Codes of the business types seeded by migration; the headline figures are keyed on them.
    An administrator may add more business types: they count in the totals."""

    MOTORCYCLE_EXAM = "motorcycle_exam", _("Motorcycle licence exam (class D)")
    CAR_THEORY_EXAM = "car_theory_exam", _("Car theory exam (subject one)")
    EBIKE_PLATE = "ebike_plate", _("E-bike plate registration")
    LICENCE_RENEWAL = "licence_renewal", _("Licence renewal")
    DRIVER_REVIEW = "driver_review", _("Driver review")
    VEHICLE_INSPECTION = "vehicle_inspection", _("Vehicle inspection")
    OTHER = "other", _("Other business")


# --- Hotline work orders (12345 / 12123 工单) --------------------------------------------------


class WorkOrderChannel(models.TextChoices):
    HOTLINE_12345 = "12345", _("12345 citizen hotline")
    APP_12123 = "12123", _("12123 traffic app")
    POLICE_PLATFORM = "police_platform", _("Police public-service platform")
    LETTER = "letter", _("Letter")
    WALK_IN = "walk_in", _("Walk-in")
    OTHER = "other", _("Other")


class WorkOrderCategory(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    REQUEST = "request", _("Request for help")
    REPORT = "report", _("Report of an offence")
    SUGGESTION = "suggestion", _("Suggestion")
    CONSULTATION = "consultation", _("Consultation")
    OTHER = "other", _("Other")


class WorkOrderStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    HANDLING = "handling", _("Handling")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


# from -> allowed targets. Replied goes back to handling when the caller's return visit shows the
# matter is not settled (二次办理); a closed order stays closed.
WORK_ORDER_TRANSITIONS = {
    WorkOrderStatus.RECEIVED: {WorkOrderStatus.HANDLING},
    WorkOrderStatus.HANDLING: {WorkOrderStatus.REPLIED},
    WorkOrderStatus.REPLIED: {WorkOrderStatus.CLOSED, WorkOrderStatus.HANDLING},
    WorkOrderStatus.CLOSED: set(),
}
# Not yet replied: these are the orders that can be overdue.
WORK_ORDER_UNREPLIED = (WorkOrderStatus.RECEIVED, WorkOrderStatus.HANDLING)
WORK_ORDER_OPEN = (WorkOrderStatus.RECEIVED, WorkOrderStatus.HANDLING, WorkOrderStatus.REPLIED)


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")
    NOT_REACHED = "not_reached", _("Caller not reached")


# Satisfaction rate = (satisfied + basically satisfied) ÷ callers reached, as the 12345 centre counts it.
SATISFIED_LEVELS = (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED)
SURVEYED_LEVELS = (Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED, Satisfaction.DISSATISFIED)


class WorkOrderListState(models.TextChoices):
    """The list's quick views (filter parameter `state`)."""

    OPEN = "open", _("Open")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    UNASSIGNED = "unassigned", _("Not yet taken")


# --- Fast-processed minor accidents (轻微事故快处快赔) ------------------------------------------


class AccidentChannel(models.TextChoices):
    VIDEO_12123 = "video_12123", _("12123 video fast processing")
    ONLINE_SELF = "online_self", _("Online self-settlement")
    ON_SITE = "on_site", _("On site")
    SERVICE_CENTRE = "service_centre", _("Fast-claims service centre")


# Handled online: no officer on the spot, the 12123 app and the video seat settle it.
ONLINE_ACCIDENT_CHANNELS = (AccidentChannel.VIDEO_12123, AccidentChannel.ONLINE_SELF)


class LiabilityOutcome(models.TextChoices):
    AGREED = "agreed", _("Agreed by the parties")
    DETERMINED_ONLINE = "determined_online", _("Liability determined online")
    DETERMINED_ON_SITE = "determined_on_site", _("Liability determined on site")
    DISPUTED = "disputed", _("Disputed, transferred to ordinary procedure")


# --- Permits (通行证) ---------------------------------------------------------------------------


class PermitVehicleType(models.TextChoices):
    TRUCK = "truck", _("Truck")
    MUCK_TRUCK = "muck_truck", _("Muck truck")
    WORKS_VEHICLE = "works_vehicle", _("Works vehicle")
    DANGEROUS_GOODS = "dangerous_goods", _("Dangerous-goods vehicle")
    OTHER = "other", _("Other")


class PermitStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    REVOKED = "revoked", _("Revoked")


PERMIT_TRANSITIONS = {
    PermitStatus.APPLIED: {PermitStatus.APPROVED, PermitStatus.REFUSED},
    PermitStatus.APPROVED: {PermitStatus.REVOKED},
    PermitStatus.REFUSED: set(),
    PermitStatus.REVOKED: set(),
}


class PermitState(models.TextChoices):
    """What a permit is today: its stored status, with `expired` computed from valid_to and today.
    Also the list's filter parameter `state` (with `valid_today` and `expiring`)."""

    APPLIED = "applied", _("Applied")
    VALID_TODAY = "valid_today", _("Valid today")
    NOT_YET_VALID = "not_yet_valid", _("Approved, not yet in force")
    EXPIRING = "expiring", _("Expiring soon")
    EXPIRED = "expired", _("Expired")
    REFUSED = "refused", _("Refused")
    REVOKED = "revoked", _("Revoked")


# --- Road-accident social relief fund (道路交通事故社会救助基金垫付) ---------------------------------


class ReliefStatus(models.TextChoices):
    """Where an advance stands. Partial recoveries keep it `paid` (the amount recovered so far is
    beside it); it becomes `recovered` when the recoveries reach the amount paid."""

    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    PAID = "paid", _("Paid")
    RECOVERED = "recovered", _("Recovered")


RELIEF_TRANSITIONS = {
    ReliefStatus.REQUESTED: {ReliefStatus.APPROVED, ReliefStatus.REFUSED},
    ReliefStatus.APPROVED: {ReliefStatus.PAID},
    ReliefStatus.REFUSED: set(),
    ReliefStatus.PAID: {ReliefStatus.RECOVERED},  # a partial recovery keeps it paid
    ReliefStatus.RECOVERED: set(),
}
# Paid and not yet fully recovered: these are the advances whose recovery can be overdue.
RELIEF_RECOVERING = (ReliefStatus.PAID,)
RELIEF_PAID_STATUSES = (ReliefStatus.PAID, ReliefStatus.RECOVERED)


class RecoverySource(models.TextChoices):
    """Whom the fund recovers an advance from (追偿)."""

    LIABLE_PARTY = "liable_party", _("Liable party")
    INSURER = "insurer", _("Insurer")
    OTHER = "other", _("Other")


class ReliefListState(models.TextChoices):
    """The list's quick views (filter parameter `state`)."""

    OPEN = "open", _("Not yet paid")
    RECOVERING = "recovering", _("Paid, recovery open")
    RECOVERY_OVERDUE = "recovery_overdue", _("Recovery overdue")
