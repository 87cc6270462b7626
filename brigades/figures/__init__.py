"""The figures: the metric registry, rollups, periods, dashboards, ranking, monthly reports and
their close. They read the other apps through the registry; nothing in records reads them."""
