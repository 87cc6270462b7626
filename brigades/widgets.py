"""Form widgets shared by the apps' forms and filters."""

from django import forms
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
