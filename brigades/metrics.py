"""The figures the brigades app itself owns.

万人死亡率 (road deaths per 10 000 people, one of the county assessment's three figures) divides the
deaths recorded by the hazards app (`hazards.deaths`, a SumMetric of people killed by the day of
the accident) by the jurisdiction population of the year (BrigadeJurisdiction.population). It is a
PerCapitaMetric: the population is not a day sum, so it is read at display time, summed over the
brigades of a group. Until `hazards.deaths` is registered the rate is hidden (registry.visible()),
so this module never depends on the order in which apps register their metrics.
"""

from django.utils.translation import gettext_lazy as _

from .figures.registry import PerCapitaMetric, register

register(
    PerCapitaMetric(
        key="brigades.deaths_per_10k",
        label=_("Deaths per 10,000 people"),
        unit="",
        numerator="hazards.deaths",
        per=10_000,
        higher_is_better=False,
    ),
)
