"""Form widgets shared by the apps' forms and filters."""

from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _


SEARCHABLE_FROM = 10


class CheckboxDropdown(forms.SelectMultiple):
    """A multiple choice as a dropdown of checkboxes: one line high in a row of filters, with the
    picked labels on its button ("All" when none), instead of a tall list box that needs Ctrl to
    pick two. A SelectMultiple underneath, so that crispy-forms renders it with this template and
    the submitted values read the same (`status=a&status=b`)."""

    template_name = "brigades/widgets/checkbox_dropdown.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # From the options already built: a model choice's queryset is not read a second time.
        labels = [
            str(option["label"]) for _group, options, _index in context["widget"]["optgroups"]
            for option in options if option["selected"]
        ]
        context["widget"]["summary"] = "、".join(labels) if labels else _("All")
        # A long list (a brigade's officers) gets a box that narrows it as one types a name.
        count = sum(len(options) for _group, options, _index in context["widget"]["optgroups"])
        context["widget"]["searchable"] = count > SEARCHABLE_FROM
        return context


def choices_url(model, *, key=None, brigade=None):
    """Where a SearchSelect over `model` asks for options (`brigades:choices`): by `key` instead of
    the primary key, and only those a record of `brigade` may reference (a form's, not a filter's)."""
    query = {"model": model._meta.label_lower}
    if key:
        query["key"] = key
    if brigade:
        query["brigade"] = brigade
    return f"{reverse('brigades:choices')}?{urlencode(query)}"


class SearchSelect(forms.Select):
    """A choice among many (a detachment's 5 000 operations, its enterprises, its schools): the
    page carries only the chosen option, and the box beside it asks the server for the options
    whose name contains what is typed (`brigades:choices`, scoped like the list). Everything else
    reads as a plain select: the submitted value, the form's validation against the queryset.

    With `embed_up_to`, a short list (a brigade's dozen schools in a form) is embedded as a plain
    select after all: picking from it is quicker than typing. It is counted when rendered, so that
    a form narrowing the queryset after its base class (recent operations only) is counted narrowed."""

    template_name = "brigades/widgets/search_select.html"

    def __init__(self, attrs=None, choices=(), *, search_url="", embed_up_to=None):
        super().__init__(attrs, choices)
        self.search_url = search_url
        self.embed_up_to = embed_up_to
        self.searching = True

    def optgroups(self, name, value, attrs=None):
        chosen = {str(v) for v in value if v not in (None, "")}
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None or not self.searching:
            return super().optgroups(name, value, attrs)
        field = getattr(self.choices, "field", None)
        key = getattr(field, "to_field_name", None) or "pk"
        options = [self.create_option(name, "", getattr(field, "empty_label", "") or "", not chosen, 0)]
        if chosen:
            for index, obj in enumerate(queryset.filter(**{f"{key}__in": chosen}), start=1):
                options.append(self.create_option(name, str(getattr(obj, key)), str(obj), True, index))
        return [(None, options, 0)]

    def get_context(self, name, value, attrs):
        queryset = getattr(self.choices, "queryset", None)
        limit = self.embed_up_to
        self.searching = limit is None or queryset is None or queryset[: limit + 1].count() > limit
        context = super().get_context(name, value, attrs)
        context["widget"]["searching"] = self.searching
        context["widget"]["search_url"] = self.search_url
        context["widget"]["search_placeholder"] = _("Type to search…")
        return context
