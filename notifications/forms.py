from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import TodoCategory


class MuteForm(forms.Form):
    muted = forms.MultipleChoiceField(
        label=_("Do not remind me of"), choices=TodoCategory.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Muted categories stay on the to-do page; only the daily reminder leaves them out."),
    )
