"""待办: what needs a user now, read from the domain apps' selectors.

Each source is one small indexed query in the user's scope (and, for officers of a squadron, in
what their squadron handles). A line links to the record and to its next action. The count in the
navigation bar is cached for a minute per user: it is read on every page.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from brigades.selectors import months_awaiting_approval
from hazards import selectors as hazard_selectors
from hazards.choices import HazardStatus, KeyItemStatus
from services import selectors as service_selectors

from .choices import TodoCategory

TODO_COUNT_SECONDS = 60
DUE_SOON_DAYS = 3


@dataclass
class TodoItem:
    category: str
    title: str
    detail: str
    due: date | None
    url: str
    action_url: str = ""
    action_label: str = ""
    brigade_id: int | None = None
    overdue_days: int = 0
    supervised: bool = False
    key: str = field(default="", repr=False)  # what the item is, stable from day to day

    @property
    def level(self):
        return "danger" if self.overdue_days > 0 else "warning"

    @property
    def category_label(self):
        return TodoCategory(self.category).label


def _overdue_days(due, today):
    return max((today - due).days, 0) if due else 0


def _hazard_action(hazard):
    if hazard.status == HazardStatus.ASSIGNED:
        return reverse("hazards:hazard_start", args=[hazard.pk]), _("Start rectification")
    return reverse("hazards:hazard_rectify", args=[hazard.pk]), _("Mark rectified")


def hazard_lines(user, today):
    for hazard in hazard_selectors.todo_hazards(user, today, due_soon_days=DUE_SOON_DAYS):
        action_url, action_label = _hazard_action(hazard)
        overdue = _overdue_days(hazard.rectification_deadline, today)
        detail = (_("overdue by %(days)s days") % {"days": overdue}) if overdue else _("due %(day)s") % {
            "day": date_format(hazard.rectification_deadline, "SHORT_DATE_FORMAT")}
        yield TodoItem(
            TodoCategory.HAZARD, str(hazard), f"{hazard.notice_number} · {detail}".strip(" ·"),
            hazard.rectification_deadline, hazard.get_absolute_url(), action_url, action_label,
            hazard.brigade_id, overdue, hazard.is_supervised, key=f"hazard:{hazard.pk}",
        )


def reinspection_lines(user, today):
    for reinspection in hazard_selectors.todo_reinspections(user, today):
        url = reverse("hazards:reinspection_record", args=[reinspection.pk])
        yield TodoItem(
            TodoCategory.REINSPECTION, str(reinspection.hazard), _("re-inspection (回头看) due %(day)s") % {
                "day": date_format(reinspection.due_on, "SHORT_DATE_FORMAT")},
            reinspection.due_on, reinspection.hazard.get_absolute_url(), url, _("Record the re-inspection"),
            reinspection.hazard.brigade_id, _overdue_days(reinspection.due_on, today), key=f"reinspection:{reinspection.pk}",
        )


def key_item_lines(user, today):
    for model, queryset in hazard_selectors.todo_key_items(user, today):
        name = model._meta.model_name
        for item in queryset:
            if item.status == KeyItemStatus.RECEIVED:
                action_url, label = reverse(f"hazards:{name}_assign", args=[item.pk]), _("Hand to a squadron")
            else:
                action_url, label = reverse(f"hazards:{name}_clear", args=[item.pk]), _("Clear")
            yield TodoItem(
                TodoCategory.KEY_ITEM, f"{model._meta.verbose_name} {item}", item.get_problem_display(),
                item.handle_by, item.get_absolute_url(), action_url, label, item.brigade_id,
                _overdue_days(item.handle_by, today), key=f"{name}:{item.pk}",
            )


def work_order_lines(user, today, now=None):
    now = now or timezone.now()
    for order in service_selectors.todo_workorders(user, now):
        due_day = timezone.localdate(order.due_at)
        if order.handler_id is None:
            action_url, label = reverse("services:workorder_take", args=[order.pk]), _("Take it")
        else:
            action_url, label = reverse("services:workorder_reply", args=[order.pk]), _("Reply")
        yield TodoItem(
            TodoCategory.WORK_ORDER, f"{order} {order.subject}", _("reply due %(time)s") % {
                "time": date_format(timezone.localtime(order.due_at), "SHORT_DATETIME_FORMAT")},
            due_day, order.get_absolute_url(), action_url, label, order.brigade_id,
            _overdue_days(due_day, today) if order.due_at < now else 0, key=f"workorder:{order.pk}",
        )


def notice_receipt_lines(user, today):
    after_days = getattr(settings, "NOTICE_RECEIPT_DAYS", 3)
    for notice in hazard_selectors.todo_notices_without_receipt(user, today, after_days=after_days):
        yield TodoItem(
            TodoCategory.NOTICE_RECEIPT, f"{notice.number} {notice.addressee}", _("issued %(day)s, no delivery receipt yet") % {
                "day": date_format(notice.issued_on, "SHORT_DATE_FORMAT")},
            notice.issued_on + timedelta(days=after_days), notice.get_absolute_url(),
            reverse("hazards:notice_receipt", args=[notice.pk]), _("Record the receipt"), notice.brigade_id,
            _overdue_days(notice.issued_on + timedelta(days=after_days), today), key=f"notice:{notice.pk}",
        )


def supervision_lines(user, today):
    for action in hazard_selectors.todo_supervision_notices(user, today, due_soon_days=DUE_SOON_DAYS):
        yield TodoItem(
            TodoCategory.SUPERVISION, f"{action.enterprise} · {action.get_kind_display()}", _("follow-up due %(day)s") % {
                "day": date_format(action.deadline, "SHORT_DATE_FORMAT")},
            action.deadline, action.get_absolute_url(), reverse("hazards:supervision_complete", args=[action.pk]),
            _("Follow-up done"), action.brigade_id, _overdue_days(action.deadline, today), key=f"supervision:{action.pk}",
        )


def relief_recovery_lines(user, today):
    """Relief fund advances paid RELIEF_RECOVERY_DUE_DAYS ago or more and not fully recovered (追偿)."""
    for advance in service_selectors.todo_relief_recoveries(user, today):
        due = advance.recovery_due_on()
        yield TodoItem(
            TodoCategory.RELIEF_RECOVERY, f"{advance.case_reference} {advance.beneficiary}".strip(),
            _("paid %(day)s, ¥%(outstanding)s still to recover") % {
                "day": date_format(advance.advanced_on, "SHORT_DATE_FORMAT"), "outstanding": f"{advance.amount_outstanding:,.2f}"},
            due, advance.get_absolute_url(), reverse("services:reliefadvance_recover", args=[advance.pk]),
            _("Record a recovery"), advance.brigade_id, _overdue_days(due, today), key=f"relief:{advance.pk}",
        )


def month_lines(user, today):
    for brigade, month in months_awaiting_approval(user, today):
        url = reverse("brigades:monthly_report", args=[brigade.pk]) + f"?month={month:%Y-%m}"
        yield TodoItem(
            TodoCategory.MONTH_APPROVAL, _("Monthly report %(month)s") % {"month": f"{month:%Y-%m}"},
            _("awaiting the leader's approval"), month, url, url, _("Approve"), brigade.pk,
            key=f"month:{brigade.pk}:{month:%Y-%m}",
        )


def supervised_lines(user, today):
    """Listings for supervision (挂牌督办) in force whose supervision deadline has passed or is near:
    the brigade's own, or every brigade's for the detachment."""
    for listing in hazard_selectors.todo_supervision_listings(user, today, due_soon_days=DUE_SOON_DAYS):
        yield TodoItem(
            TodoCategory.SUPERVISED, f"{listing.get_level_display()} · {listing.hazard}", _("%(unit)s, supervision deadline %(day)s") % {
                "unit": listing.supervising_unit, "day": date_format(listing.supervision_deadline, "SHORT_DATE_FORMAT")},
            listing.supervision_deadline, listing.get_absolute_url(), reverse("hazards:listing_progress", args=[listing.pk]),
            _("Report progress"), listing.brigade_id, _overdue_days(listing.supervision_deadline, today), supervised=True,
            key=f"listing:{listing.pk}",
        )


BRIGADE_SOURCES = (
    hazard_lines, supervised_lines, reinspection_lines, key_item_lines, work_order_lines, notice_receipt_lines,
    supervision_lines, relief_recovery_lines, month_lines,
)


def todo_items(user, today=None, now=None):
    """Every line of the user's 待办, grouped by category in a fixed order, most urgent first."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    today = today or timezone.localdate()
    if user.sees_all_brigades:
        return list(supervised_lines(user, today))
    items = []
    for source in BRIGADE_SOURCES:
        items.extend(source(user, today, now) if source is work_order_lines else source(user, today))
    return items


def todo_by_category(items):
    groups = {}
    for item in items:
        groups.setdefault(item.category, []).append(item)
    return [(TodoCategory(category).label, category, lines) for category, lines in groups.items()]


def todo_count(user):
    """The navigation bar's number: cached a minute per user and day, so pages stay fast."""
    if not getattr(user, "is_authenticated", False):
        return 0
    key = f"todo-count:{user.pk}:{timezone.localdate():%Y%m%d}"
    return cache.get_or_set(key, lambda: len(todo_items(user)), TODO_COUNT_SECONDS)


def forget_todo_count(user_ids):
    today = timezone.localdate()
    cache.delete_many([f"todo-count:{pk}:{today:%Y%m%d}" for pk in user_ids])
