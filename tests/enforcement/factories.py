"""Factories of the enforcement app; each accepts brigade= (the URL walk relies on it)."""

import datetime
from decimal import Decimal

import factory
from django.core.exceptions import ValidationError
from django.utils import timezone

from enforcement import rules
from enforcement.choices import Disposition, LicenceAction, OperationKind, PlateType, VehicleType
from enforcement.models import Deployment, HelmetObservation, Operation, Violation, ViolationKind
from enforcement.operations import alcohol_code, violation_apply_rules
from tests.factories import BrigadeFactory, TownFactory


def kind(code):
    return ViolationKind.objects.get(code=code)


def ensure_kinds():
    """The seeded kinds, again (a transactional test's flush removes the migration's rows)."""
    from importlib import import_module

    seed = import_module("enforcement.migrations.0002_seed_violation_kinds")
    for code, name, measurement, order in seed.KINDS:
        ViolationKind.objects.get_or_create(code=code, defaults={"name": name, "measurement": measurement,
                                                                 "sort_order": order})
    from django.apps import apps

    import_module("enforcement.migrations.0004_seed_violation_codes").seed(apps, None)


def alcohol_terms(case):
    """The violation code a case's reading makes it (None without a reading), as the form pre-fills."""
    try:
        assessment = rules.assess_alcohol(blood=case.blood_alcohol, breath=case.breath_alcohol)
    except ValidationError:
        return None
    return alcohol_code(kind(assessment.kind_code)) if assessment else None


def penalty(attribute, otherwise):
    """The code's penalty for an alcohol case (its lower fine, its points and licence measure)."""
    def value(case):
        code = alcohol_terms(case)
        return otherwise if code is None else getattr(code, attribute)
    return factory.LazyAttribute(value)


class OperationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operation

    brigade = factory.SubFactory(BrigadeFactory)
    name = factory.Sequence(lambda n: f"夜查酒驾行动{n}")
    kind = OperationKind.NIGHT_ALCOHOL
    start_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))


class DeploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deployment

    brigade = factory.SubFactory(BrigadeFactory)
    operation = factory.SubFactory(OperationFactory, brigade=factory.SelfAttribute("..brigade"))
    place = factory.Sequence(lambda n: f"G220国道{n}号卡点")
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    start_time = datetime.time(21, 0)
    end_time = datetime.time(2, 0)


class ViolationFactory(factory.django.DjangoModelFactory):
    """A case with the rules applied, as the form would save it (no_helmet unless told)."""

    class Meta:
        model = Violation

    brigade = factory.SubFactory(BrigadeFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    kind = factory.LazyFunction(lambda: kind("no_helmet"))
    plate = factory.Sequence(lambda n: f"鲁P{n % 100000:05d}")
    plate_type = PlateType.SMALL_CAR
    vehicle_type = VehicleType.CAR
    driver_name = "张三"
    disposition = Disposition.PENALTY
    breath_alcohol = None
    blood_alcohol = None
    fine_amount = penalty("fine_min", Decimal("50"))
    points = penalty("points", 0)
    licence_action = penalty("licence_action", LicenceAction.NONE)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        officers = kwargs.pop("officers", ())
        violation = model_class(*args, **kwargs)
        violation_apply_rules(violation)
        violation.save()
        if officers:
            violation.officers.set(officers)
        return violation


class HelmetObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelmetObservation

    brigade = factory.SubFactory(BrigadeFactory)
    town = factory.SubFactory(TownFactory, brigade=factory.SelfAttribute("..brigade"))
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    riders_seen = 120
    riders_wearing = 100
