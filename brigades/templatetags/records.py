"""Template helpers shared by every record page."""

from django import template
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils.html import format_html, format_html_join

from ..records import permissions, personal_numbers
from ..records.tables import render_rows

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, action, target):
    """`{% may "sign_off" object as can_sign %}`: show a button only to whom brigades.records.permissions lets
    do it. `target` is a record, a model class (`view.model`) or a label (`"hazards.hazard"`)."""
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if target is None or target == "":
        return False
    return permissions.may(user, action, target)

@register.simple_tag(takes_context=True)
def table_rows(context, table):
    """The rows of a django-tables2 table's page (templates/django_tables2/bootstrap5-responsive.html)."""
    return render_rows(table, context)


HIDDEN_FIELDS = {"id", "created_by", "created_at", "updated_at", "detachment", "version"}


def person_name(user):
    """A user as colleagues know them: the full name, else the login name."""
    if user is None or user == "":
        return user
    full_name = getattr(user, "get_full_name", None)
    return (full_name() if full_name else "") or getattr(user, "username", None) or str(user)


@register.filter
def person(user):
    return person_name(user)


@register.filter
def verbose_name(model):
    return model._meta.verbose_name


@register.simple_tag(takes_context=True)
def record_fields(context, record):
    """A definition list of the record's own fields, with choice labels and related names;
    personal numbers as the user's role may see them (brigades.records.personal_numbers)."""
    user = getattr(context.get("request"), "user", None) or context.get("user")
    rows = []
    for field in record._meta.concrete_fields:
        if field.name in HIDDEN_FIELDS:
            continue
        if personal_numbers.is_personal_number(type(record), field.name):
            value = personal_numbers.personal_number_for(user, record, field.name, context="detail")
        elif field.choices:
            value = getattr(record, f"get_{field.name}_display")()
        elif isinstance(field, models.ForeignKey):
            value = getattr(record, field.name)
            if isinstance(value, AbstractBaseUser):
                value = person_name(value)
        else:
            value = getattr(record, field.attname)
        if isinstance(value, bool):
            value = "✔" if value else "✘"
        rows.append((field.verbose_name, "—" if value in (None, "") else value))
    body = format_html_join("", "<dt class='col-sm-4'>{}</dt><dd class='col-sm-8'>{}</dd>", rows)
    return format_html("<dl class='row mb-0'>{}</dl>", body)
