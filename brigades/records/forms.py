"""The base of every form that writes a brigade record: the brigade comes from the user, never the request."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from . import input_rules
from ..basemap import map_config
from ..models import Brigade
from .scoping import may_reference
from .versioning import changes_since
from .widgets import CheckboxDropdown, SearchSelect, choices_url


def form_errors(form, error):
    """Put an operation's ValidationError next to the fields it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class VersionedFormMixin:
    """An edit form of a versioned record (brigades.records.versioning) carries the version it was opened on,
    in a hidden field. Posted from an older version, it is refused and nothing is saved: `stale_edit`
    says who changed the record, when, and each field they changed. The form comes back merged: a
    field they changed and you did not now holds their value; a field you both changed keeps yours,
    shown beside theirs; the form carries the current version, so saving again keeps both people's
    work and, where you both changed a field, your value, chosen knowing theirs."""

    stale_edit = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk is not None and hasattr(instance, "version"):
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
            self.initial["version"] = instance.version

    def clean(self):
        cleaned = super().clean()
        self.check_version()
        return cleaned

    def check_version(self):
        if "version" not in self.fields:
            return
        posted = self.cleaned_data.get("version")
        current = self.instance.version
        if posted is None:
            self.add_error(None, forms.ValidationError(
                _("This form does not say which version of the record it was opened on: reload the page and "
                  "make your change again."), code="no_version"))
        elif posted != current:
            submitted = {name: value for name, value in self.cleaned_data.items() if name != "version"}
            self.stale_edit = changes_since(self.instance, posted, submitted)
            self.add_error(None, forms.ValidationError(stale_edit_message(self.stale_edit), code="stale_edit"))
        else:
            return
        # Shown again, the form carries the current version and their values where you changed nothing.
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current
        for row in (self.stale_edit or {}).get("rows", ()):
            if row["taken"] and row["name"] in self.fields:
                self.data[self.add_prefix(row["name"])] = self.fields[row["name"]].prepare_value(row["current"])


def stale_edit_message(stale):
    by = stale["by"]
    who = (by.get_full_name() or by.get_username()) if by is not None else _("someone else")
    if any(not row["taken"] for row in stale["rows"]):
        text = _(
            "%(who)s changed this record after you opened it (version %(from)s, now %(to)s): nothing was saved. "
            "The form now holds their changes, except where you both changed a field: there it keeps yours, "
            "shown beside theirs. Check those fields, then save again."
        )
    else:
        text = _(
            "%(who)s changed this record after you opened it (version %(from)s, now %(to)s): nothing was saved. "
            "Their changes are now in the form together with yours; check them and save again."
        )
    return text % {"who": who, "from": stale["from_version"], "to": stale["version"]}


# Up to this many choices a form's select embeds them; more are searched (SearchSelect).
EMBEDDED_CHOICES = 200


class BrigadeRecordForm(VersionedFormMixin, forms.ModelForm):
    """A ModelForm that offers only what the user's brigade may reference.

    A user with a brigade never sees a brigade field: the record is theirs. A detachment-level
    user creating a record picks one of the brigades they see. Every choice of a scoped model
    (squadrons, towns, officers, hazards...) is narrowed to the user's scope, and on save each
    chosen object must belong to the record's brigade, or be shared with it (`scoping.may_reference`).
    """

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance
        if not instance.brigade_id and user.brigade_id:
            instance.brigade = user.brigade
        if "brigade" in self.fields:
            if instance.brigade_id:
                del self.fields["brigade"]
            else:
                self.fields["brigade"].queryset = Brigade.objects.for_user(user)
        for name, field in self.fields.items():
            self.word_the_empty_choice(field)
            self.use_checkbox_dropdown(field)
            if name == "brigade":
                continue
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_user"):
                queryset = queryset.for_user(user)
                if instance.brigade_id and queryset.model is not Brigade:
                    queryset = queryset.for_brigades([instance.brigade_id])
                field.queryset = queryset
                self.search_many_choices(field, instance.brigade_id)

    @staticmethod
    def use_checkbox_dropdown(field):
        """A plain multiple select (the officers of a case, an event, a shift) becomes a dropdown of
        checkboxes: a list box needs Ctrl to pick a second officer, which users do not know."""
        if type(field.widget) is forms.SelectMultiple:
            field.widget = CheckboxDropdown(attrs=field.widget.attrs)
            field.widget.choices = field.choices

    @staticmethod
    def search_many_choices(field, brigade_id):
        """A choice among a brigade's thousands of records (its hazards for an accident, its events for
        an article) is searched, not embedded: the page carries the chosen option only. Models that
        grow with the records say which fields are searched (`choice_search_fields`); a list of up
        to EMBEDDED_CHOICES stays a plain select."""
        model = field.queryset.model
        if type(field.widget) is forms.Select and getattr(model, "choice_search_fields", None):
            field.widget = SearchSelect(
                attrs=field.widget.attrs,
                search_url=choices_url(model, key=field.to_field_name if field.to_field_name != model._meta.pk.name else None,
                                       brigade=brigade_id),
                embed_up_to=EMBEDDED_CHOICES,
            )
            field.widget.choices = field.choices

    @staticmethod
    def word_the_empty_choice(field):
        """A select left empty reads “请选择”, not Django's “---------”."""
        dash = BLANK_CHOICE_DASH[0][1]
        if isinstance(field, forms.ModelChoiceField) and field.empty_label == dash:
            field.empty_label = _("Choose…")
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            choices = list(field.choices)
            if choices and choices[0] == ("", dash):
                field.choices = [("", _("Choose…")), *choices[1:]]

    def _get_validation_exclusions(self):
        # The brigade is not a form field, yet unique constraints name it: keep them checked,
        # so that a duplicate is a form error and not an IntegrityError.
        exclude = super()._get_validation_exclusions()
        if self.instance.brigade_id:
            exclude.discard("brigade")
        return exclude

    def record_brigade_id(self):
        brigade = self.record_brigade()
        return brigade.pk if brigade else None

    def record_brigade(self):
        if self.instance.brigade_id:
            return self.instance.brigade
        return self.cleaned_data.get("brigade")

    def clean(self):
        cleaned = super().clean()
        brigade = self.record_brigade()
        if brigade is None:
            return cleaned
        # A copy: add_error removes the field from cleaned_data while we go through it.
        for name, value in list(cleaned.items()):
            if name == "brigade" or value is None:
                continue
            values = value if isinstance(value, (list, tuple)) or hasattr(value, "model") else [value]
            for item in values:
                if not may_reference(item, brigade):
                    self.add_error(name, _("This belongs to another brigade."))
                    break
        for name, message in input_rules.squadron_problems(cleaned).items():
            self.add_error(name, message)
        return cleaned


DUPLICATE_CODE = "possible_duplicate"


class DuplicateWarningMixin:
    """Warns before saving what looks like a record entered twice, and never blocks: the form names
    the similar records and offers "save anyway"; ticked, it saves. `possible_duplicates(data)`
    returns [(record, why)] from the cleaned data (a small indexed query of the user's scope)."""

    confirm_field = "confirm_duplicate"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = []
        if self.is_bound and self.confirm_field in self.data:
            self.add_confirm_field()

    def add_confirm_field(self):
        self.fields[self.confirm_field] = forms.BooleanField(
            label=_("Save anyway: this is not one of the records above"), required=False,
        )

    def possible_duplicates(self, data):
        return []

    def clean(self):
        data = super().clean()
        if self.errors or data.get(self.confirm_field):
            return data
        self.duplicates = self.possible_duplicates(data)
        if self.duplicates:
            self.add_confirm_field()
            raise ValidationError(
                [ValidationError(_("Possibly entered already: %(record)s (%(why)s).") % {"record": record, "why": why},
                                 code=DUPLICATE_CODE) for record, why in self.duplicates]
                + [ValidationError(_("Check it; if this is another case, tick “save anyway” and save again."),
                                   code=DUPLICATE_CODE)]
            )
        return data

    def other_non_field_errors(self):
        """The errors above the form that are not the duplicate warning (shown on its own)."""
        return [
            message for error in self.errors.as_data().get(forms.forms.NON_FIELD_ERRORS, [])
            if error.code != DUPLICATE_CODE for message in error.messages
        ]


class LocationPickerMixin:
    """A record with coordinates gets a map under its latitude and longitude fields
    (static/brigades/location_picker.js): a click or a dragged marker fills them in, typed
    coordinates move the marker, and when town boundaries are loaded the town is suggested from the
    boundary the point falls in. The fields stay plain inputs: without script they are typed."""

    location_fields = ("latitude", "longitude")
    town_field = "town"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for role, name in zip(("latitude", "longitude"), self.location_fields, strict=True):
            if name in self.fields:
                self.fields[name].widget.attrs.update({"data-picker": role, "step": "0.000001"})
        if self.town_field in self.fields:
            self.fields[self.town_field].widget.attrs["data-picker"] = "town"

    @property
    def location_picker(self):
        """The picker's map configuration (json_script in templates/generic/_location_picker.html)."""
        return map_config()
