"""API list pagination: cursors, not page numbers.

`?page=20000` of a page-number list is an `OFFSET 1 000 000` (PostgreSQL reads and drops a million
rows: seconds) and its `count` is a `COUNT(*)` of the whole list. A cursor ("after this row")
reads one page through the index of the list's order, whatever the depth; `next` and `previous`
are links with an opaque `cursor`. The order is the model's own (newest first, as in the HTML
lists), made unique with the primary key; `?ordering=` still works where a viewset offers it.
"""

from rest_framework.pagination import CursorPagination


class StandardPagination(CursorPagination):
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-pk"

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering == (self.ordering,):
            ordering = model_ordering(queryset.model)
        return ordering


def model_ordering(model):
    """The model's Meta.ordering up to its first related field, ending in the primary key so that
    the order is total, e.g. ("-date", "-time", "-pk"). The cursor's position is the first field's
    value, which must never be empty: a model ordered by a nullable field pages by "-pk"."""
    ordering = []
    for name in model._meta.ordering:
        field_name = name.lstrip("-") if isinstance(name, str) else ""
        if field_name in ("pk", "id") or not field_name or "__" in field_name:
            break
        field = model._meta.get_field(field_name)
        if field.is_relation or (not ordering and field.null):
            break
        ordering.append(name)
    descending = not ordering or ordering[0].startswith("-")
    return (*ordering, "-pk" if descending else "pk")
