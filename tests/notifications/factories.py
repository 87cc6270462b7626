"""Factories of the notifications app (the URL walk makes a reminder of brigade A's user)."""

import factory
from django.utils import timezone

from notifications.models import Notification

from ..factories import BrigadeFactory, UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    class Params:
        brigade = factory.SubFactory(BrigadeFactory)

    recipient = factory.LazyAttribute(lambda o: UserFactory(brigade=o.brigade))
    day = factory.LazyFunction(timezone.localdate)
    title = "待办 3 项"
    lines = factory.LazyFunction(lambda: [{"category": "hazard", "title": "S1线 路口", "detail": "逾期 2 天", "url": "/hazards/1/"}])
