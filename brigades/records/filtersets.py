"""The FilterSet base every list builds on: each serves its HTML list and its API list alike."""

import django_filters
from django_filters.conf import settings as filter_settings
from django_filters.utils import label_for_filter
from django_filters.widgets import BooleanWidget, DateRangeWidget

from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..models import Brigade
from .search import text_search
from .widgets import CheckboxDropdown, SearchSelect, choices_url


class AnyYesNoWidget(BooleanWidget):
    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("Any")), ("true", _("Yes")), ("false", _("No")))


# django-filter computes a generated filter's label once, as a plain string, in whatever language is
# active at that moment, and caches it on the class's filter: after the API schema was built
# (in English) the HTML lists showed "Level" and "Source". A lazy label is translated per request.
lazy_label_for_filter = lazy(label_for_filter, str)


class SortFilter(django_filters.OrderingFilter):
    """A list's "Sort by" choices in the user's language: each field by the model's own label
    (`field_labels`, from the model when not given) and the descending form translated here
    (django-filter's own catalogue has no Simplified Chinese for it)."""

    descending_fmt = _("%s (descending)")

    def __init__(self, *args, model=None, **kwargs):
        if model is not None and "field_labels" not in kwargs:
            fields = dict(django_filters.OrderingFilter.normalize_fields(kwargs.get("fields", ())))
            kwargs["field_labels"] = {
                name: lazy(capfirst, str)(model._meta.get_field(name).verbose_name) for name in fields if "__" not in name
            }
        super().__init__(*args, **kwargs)


class BrigadeRecordFilterSet(django_filters.FilterSet):
    """Adds what every list has: a free-text `q` over `search_fields`, the brigade (within scope),
    and a `date` range (`date_after`, `date_before`) over the model's `date_field`, so that a
    dashboard figure can link to the records behind it with the same three parameters."""

    search_fields = ()

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))
    brigade = django_filters.ModelChoiceFilter(queryset=Brigade.objects.none(), label=_("Brigade"))

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        date_field = getattr(cls._meta.model, "date_field", None) if cls._meta.model else None
        if date_field and "date" not in filters:
            date_filter = django_filters.DateFromToRangeFilter(field_name=date_field, label=_("Date"))
            filters["date"] = date_filter
        model = cls._meta.model
        for filter_ in filters.values():
            if model is not None and filter_._label is None:
                filter_.label = lazy_label_for_filter(model, filter_.field_name, filter_.lookup_expr, filter_.exclude)
        return filters

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = getattr(request, "user", None)
        # Choices of other brigades' squadrons, towns or officers would leak their names.
        self.filters["brigade"].queryset = Brigade.objects.for_user(user)
        for filter_ in self.filters.values():
            queryset = getattr(filter_, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_user") and filter_ is not self.filters["brigade"]:
                filter_.queryset = queryset.for_user(user)
            # Date ranges as two date pickers; yes/no filters that read "any" when left alone.
            if isinstance(filter_, django_filters.DateFromToRangeFilter):
                filter_.extra["widget"] = DateRangeWidget(attrs={"type": "date"})
            elif isinstance(filter_, django_filters.BooleanFilter) and "widget" not in filter_.extra:
                filter_.extra["widget"] = AnyYesNoWidget
            elif isinstance(filter_, django_filters.MultipleChoiceFilter) and "widget" not in filter_.extra:
                filter_.extra["widget"] = CheckboxDropdown
            elif (isinstance(filter_, django_filters.ModelChoiceFilter) and "widget" not in filter_.extra
                    and getattr(getattr(queryset, "model", None), "choice_search_fields", None)):
                # Thousands of options (a detachment's operations) are searched, not embedded.
                filter_.extra["widget"] = SearchSelect(search_url=choices_url(queryset.model, key=filter_.extra.get("to_field_name")))
            # A select left alone reads "all", not "---------".
            if (isinstance(filter_, django_filters.ChoiceFilter)
                    and filter_.extra.get("empty_label", filter_settings.EMPTY_CHOICE_LABEL) == filter_settings.EMPTY_CHOICE_LABEL):
                filter_.extra["empty_label"] = _("All")
            # A form field built before (drf-spectacular builds them for the schema) is kept on
            # the filter and copied with it; drop it so the field is built with the settings above.
            filter_.__dict__.pop("_field", None)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        return text_search(queryset, self.search_fields, value)
