"""Factories of the services app; each brigade-scoped one accepts `brigade=`."""

from datetime import timedelta

import factory
from django.utils import timezone

from hazards.models import Enterprise
from brigades.records.identifiers import credit_code_check_character
from services import rules
from services.choices import (
    AccidentChannel,
    CountScheme,
    LiabilityOutcome,
    PermitStatus,
    PermitVehicleType,
    ReliefStatus,
    ServicePointKind,
    WorkOrderCategory,
    WorkOrderChannel,
    WorkOrderStatus,
)
from services.models import (
    BusinessType,
    CommandCentreDay,
    CounterCount,
    CounterDay,
    FastAccident,
    Permit,
    ReliefAdvance,
    ReliefTarget,
    ServicePoint,
    WorkOrder,
)

from ..factories import BrigadeFactory
from ..hazards.factories import AccidentFactory


def credit_code(n):
    first17 = f"91371500{n:09d}"
    return first17 + credit_code_check_character(first17)


class PermitApplicantFactory(factory.django.DjangoModelFactory):
    """A registered enterprise applying for permits (the hazards app owns `EnterpriseFactory`)."""

    class Meta:
        model = Enterprise

    brigade = factory.SubFactory(BrigadeFactory)
    name = factory.Sequence(lambda n: f"聊城市渣土运输{n}有限公司")
    credit_code = factory.Sequence(credit_code)
    kind = "construction"


class ServicePointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServicePoint

    brigade = factory.SubFactory(BrigadeFactory)
    name = factory.Sequence(lambda n: f"车管服务站{n}")
    kind = ServicePointKind.VEHICLE_ADMIN_OFFICE
    opening_hours = "周一至周日 8:30–17:30"


class BusinessTypeFactory(factory.django.DjangoModelFactory):
    """Looked up by code: the standard types are seeded by migration but a flushed database
    (browser tests) has none, so tests ask for the ones they need."""

    class Meta:
        model = BusinessType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"business{n}")
    name = factory.LazyAttribute(lambda o: o.code)
    count_scheme = CountScheme.HANDLED


def motorcycle_exam():
    return BusinessTypeFactory(code="motorcycle_exam", name="摩托车驾驶证（D本）考试",
                               count_scheme=CountScheme.EXAM_WITH_LICENCE, sort_order=10)


def car_theory_exam():
    return BusinessTypeFactory(code="car_theory_exam", name="汽车类科目一考试", count_scheme=CountScheme.EXAM, sort_order=20)


def ebike_plate():
    return BusinessTypeFactory(code="ebike_plate", name="电动自行车挂牌", count_scheme=CountScheme.HANDLED, sort_order=30)


class CounterDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CounterDay

    brigade = factory.SubFactory(BrigadeFactory)
    service_point = factory.SubFactory(ServicePointFactory, brigade=factory.SelfAttribute("..brigade"))
    date = factory.LazyFunction(timezone.localdate)


class CounterCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CounterCount

    brigade = factory.SubFactory(BrigadeFactory)
    counter_day = factory.SubFactory(CounterDayFactory, brigade=factory.SelfAttribute("..brigade"))
    business_type = factory.LazyFunction(ebike_plate)
    date = factory.SelfAttribute("counter_day.date")
    handled = 10


class WorkOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkOrder

    brigade = factory.SubFactory(BrigadeFactory)
    channel = WorkOrderChannel.HOTLINE_12345
    number = factory.Sequence(lambda n: f"GD2026{n:06d}")
    received_at = factory.LazyFunction(timezone.now)
    category = WorkOrderCategory.CONSULTATION
    subject = "咨询摩托车驾驶证考试"
    request = "市民来电咨询摩托车D本考试预约流程。"
    due_at = factory.LazyAttribute(lambda o: rules.reply_due_at(o.received_at, 72))
    status = WorkOrderStatus.RECEIVED


class FastAccidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FastAccident

    brigade = factory.SubFactory(BrigadeFactory)
    reported_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    channel = AccidentChannel.VIDEO_12123
    place = "东昌路与柳园路口"
    vehicles_involved = 2
    liability_outcome = LiabilityOutcome.DETERMINED_ONLINE
    liability_noticed_at = factory.LazyAttribute(lambda o: o.reported_at + timedelta(minutes=20))


class CommandCentreDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommandCentreDay

    brigade = factory.SubFactory(BrigadeFactory)
    date = factory.Sequence(lambda n: timezone.localdate() - timedelta(days=n))
    consultation_calls = 14
    help_calls = 1
    other_calls = 27


class PermitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Permit

    brigade = factory.SubFactory(BrigadeFactory)
    applicant = "聊城市城建渣土运输有限公司"
    plate_number = factory.Sequence(lambda n: f"鲁P{n:05d}")
    vehicle_type = PermitVehicleType.MUCK_TRUCK
    routes = "东昌路—湖南路—建设路"
    valid_from = factory.LazyFunction(timezone.localdate)
    valid_to = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    status = PermitStatus.APPLIED


class ReliefAdvanceFactory(factory.django.DjangoModelFactory):
    """A paid advance (the steps through the operations are tested with `relief_request` and friends)."""

    class Meta:
        model = ReliefAdvance

    brigade = factory.SubFactory(BrigadeFactory)
    accident = factory.SubFactory(AccidentFactory, brigade=factory.SelfAttribute("..brigade"), severity="injury",
                                  injuries=1)
    case_reference = factory.Sequence(lambda n: f"聊公交认字[2026]第{n:05d}号")
    status = ReliefStatus.PAID
    requested_on = factory.LazyAttribute(lambda o: o.advanced_on or timezone.localdate())
    amount_requested = 50000
    approved_on = factory.LazyAttribute(lambda o: o.advanced_on)
    amount_approved = factory.LazyAttribute(lambda o: o.amount_advanced)
    advanced_on = factory.LazyFunction(timezone.localdate)
    amount_advanced = 45000


class ReliefTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReliefTarget

    brigade = factory.SubFactory(BrigadeFactory)
    month = factory.LazyFunction(lambda: timezone.localdate().replace(day=1))
    advances_target = 2
