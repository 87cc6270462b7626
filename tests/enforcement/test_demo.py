import datetime
import io
import random

import pytest
from django.utils import timezone

from brigades import demo as organisation
from brigades.models import Brigade
from enforcement import demo, selectors
from enforcement.models import HelmetObservation, Operation, Violation

pytestmark = pytest.mark.django_db


def test_the_demo_follows_the_articles_and_is_idempotent():
    out = io.StringIO()
    organisation.load(scale=0.2, rng=random.Random(1), stdout=out)
    demo.load(scale=0.2, rng=random.Random(2), stdout=out)
    counts = (Violation.objects.count(), Operation.objects.count(), HelmetObservation.objects.count())
    demo.load(scale=0.2, rng=random.Random(2), stdout=out)
    assert (Violation.objects.count(), Operation.objects.count(), HelmetObservation.objects.count()) == counts
    today = timezone.localdate()
    year = {"start": today - datetime.timedelta(days=365), "end": today}
    gxq, dea = Brigade.objects.get(code="gxq"), Brigade.objects.get(code="dea")
    gxq_figures = selectors.enforcement_figures(brigade_ids=[gxq.pk], **year)
    assert gxq_figures["alcohol_cases"] == round(665 * 0.2) and gxq_figures["overload_cases"] == round(752 * 0.2)
    dea_figures = selectors.enforcement_figures(brigade_ids=[dea.pk], **year)
    assert dea_figures["overloaded_trucks"] == round(258 * 0.2)
    assert dea_figures["hundred_tonne_trucks"] == round(41 * 52 / 258)
    assert dea_figures["double_overloads"] == round(95 * 52 / 258)
    assert dea_figures["street_racing_seized"] == round(126 * 0.2)
    ranking = selectors.helmet_brigade_ranking(user=_detachment_user(), **year)
    assert ranking[0].name == "东阿大队"
    assert Operation.objects.filter(is_detachment_wide=True).count() == 1


def _detachment_user():
    from brigades.models import User

    return User.objects.get(username="zhidui_leader")
