"""Free-text search of the record lists (`?q=`) over millions of rows, Chinese included.

`icontains` is a `LIKE '%路灯%'` that reads every row: seconds at 3.7 million work orders when the
words are rare. pg_trgm indexes three-character pieces, so a two-character Chinese word (路灯,
酒驾, 超载: most of the words clerks type) cannot use it. On PostgreSQL a model that declares
`search_index = (fields…)` gets a GIN index over the character *bigrams* of those fields
(`search_bigrams(…)`, an immutable SQL function: every pair of adjacent characters, lower-cased, of
each field separately, as the lexemes of a tsvector). A query is the AND of its own bigrams (one
character: any bigram starting with it), which finds every row containing the text and a few that
contain its pieces apart; the same `icontains` as before then keeps the exact matches among those.
Related fields in `search_fields` (`kind__name`) are small reference tables: their matching ids
are read first, so the OR stays indexable. SQLite (the embedded default) keeps plain `icontains`.
"""

import time

from django.db import connection
from django.db.models import Func, Lookup, Q, TextField
from django.db.models.expressions import RawSQL

# Every pair of adjacent characters of a text, lower-cased: the pairs starting at even positions
# and those starting at odd ones, cut apart by regexp_replace (C code: ~30 µs for a sentence; a
# generate_series per row was 6 times slower, too slow to index 3.7 million work orders), as the
# lexemes of a tsvector (array_to_tsvector removes repeats). A last single character is a lexeme
# too, which a one-character search finds by prefix. \x01 cannot come from a form.
FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION search_bigrams(t text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_to_tsvector(array_remove(string_to_array(
        regexp_replace(lower(coalesce(t, '')), '(..)', E'\\1\x01', 'g') || E'\x01' ||
        regexp_replace(substr(lower(coalesce(t, '')), 2), '(..)', E'\\1\x01', 'g'),
        E'\x01'), ''))
$$
"""

# A related table with more matching rows than this is searched through its join, as before.
RELATED_IDS_MAX = 5000


class BigramVector(TextField):
    """The tsvector `search_bigrams` returns (only ever compared with `bigram_match`)."""


class SearchBigrams(Func):
    """`search_bigrams(f1) || search_bigrams(f2) …`: each field's bigrams apart (no pair across two
    fields); the expression the GIN index is built on (`index_sql`), written the same way."""

    template = "(search_bigrams(%(expressions)s))"
    arg_joiner = ") || search_bigrams("
    output_field = BigramVector()


@BigramVector.register_lookup
class BigramMatch(Lookup):
    lookup_name = "bigram_match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ {rhs}", [*lhs_params, *rhs_params]


def index_sql(table, columns, name):
    quote = connection.ops.quote_name
    expression = " || ".join(f"search_bigrams({quote(c)})" for c in columns)
    return f"CREATE INDEX IF NOT EXISTS {quote(name)} ON {quote(table)} USING gin (({expression}))"


def add_search_index(model_label, fields, name):
    """A migration operation: the bigram index of `model_label` over `fields`, on PostgreSQL only."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = apps.get_model(model_label)
        columns = [model._meta.get_field(f).column for f in fields]
        with schema_editor.connection.cursor() as cursor:
            # The build sorts every bigram of every row: give it memory (this session only).
            cursor.execute("SET maintenance_work_mem = '256MB'")
            cursor.execute(index_sql(model._meta.db_table, columns, name))
            # Statistics of the new expression (its most common bigrams): without them the planner
            # takes a frequent word (信号灯: 400 000 work orders) for a rare one and reads every
            # match to sort them, instead of walking the list's order until a page is full.
            cursor.execute(f"ANALYZE {schema_editor.quote_name(model._meta.db_table)}")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")

    return migrations.RunPython(forwards, backwards, elidable=False)


def add_search_function():
    """A migration operation: creates `search_bigrams` on PostgreSQL."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(FUNCTION_SQL)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)


def bigram_query(value):
    """The tsquery text of a search value: the AND of its bigrams, a single character as a prefix."""
    lexemes = []
    for word in value.lower().split():
        if len(word) == 1:
            lexemes.append(f"{quote_lexeme(word)}:*")
        else:
            lexemes.extend(quote_lexeme(word[i:i + 2]) for i in range(len(word) - 1))
    return " & ".join(dict.fromkeys(lexemes))


def quote_lexeme(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def text_search(queryset, search_fields, value):
    """`queryset` narrowed to rows where some field of `search_fields` contains `value`."""
    model = queryset.model
    indexed = tuple(getattr(model, "search_index", ()) or ())
    if connection.vendor != "postgresql" or not indexed:
        return queryset.filter(contains_any(search_fields, value))
    own = [f for f in search_fields if f in indexed]
    rest = [f for f in search_fields if f not in indexed]
    condition = Q()
    if own and is_frequent(model, value):
        # A common word (信号灯 in 400 000 work orders): the list's order index finds a page of it
        # in a few hundred rows; the bigram index would hand over every match to be sorted.
        condition = contains_any(own, value)
    elif own:
        # Every field of the index in the expression, in its order, so that the index serves it.
        queryset = queryset.alias(_search_bigrams=SearchBigrams(*indexed))
        query = RawSQL("%s::tsquery", [bigram_query(value)])
        condition = Q(_search_bigrams__bigram_match=query) & contains_any(own, value)
    for field in rest:
        condition |= related_contains(model, field, value)
    return queryset.filter(condition)


def is_frequent(model, value):
    """Whether `value` is in at least FREQUENT of the model's rows, by the statistics PostgreSQL
    keeps of the bigram index (the most common bigrams and their frequencies, from ANALYZE): the
    least frequent of its bigrams bounds it. A bigram not among the common ones is rare."""
    bigrams = [word[i:i + 2] for word in value.lower().split() for i in range(len(word) - 1)]
    if not bigrams:
        return True  # one character: in most rows
    frequencies = bigram_frequencies(model._meta.db_table)
    return min(frequencies.get(b, 0) for b in bigrams) >= FREQUENT


def bigram_frequencies(table):
    """{bigram: fraction of rows} of the table's bigram index, read once every STATS_SECONDS."""
    cached = _frequencies.get(table)
    if cached is not None and time.monotonic() - cached[0] < STATS_SECONDS:
        return cached[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs FROM pg_indexes i "
            "JOIN pg_stats s ON s.tablename = i.indexname "
            "WHERE i.tablename = %s AND i.indexdef LIKE %s",
            [table, "%search_bigrams%"],
        )
        row = cursor.fetchone()
    # The frequencies array ends with three summary numbers after one frequency per element.
    frequencies = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
    _frequencies[table] = (time.monotonic(), frequencies)
    return frequencies


# A word in at least 1 % of the rows is searched along the list's order (see text_search).
FREQUENT = 0.01
STATS_SECONDS = 600
_frequencies = {}


def contains_any(fields, value):
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": value})
    return condition


def related_contains(model, field, value):
    """`kind__name__icontains` as `kind_id IN (ids)` read first: the related tables are small (kinds,
    towns, a brigade's schools and posts), and an IN list keeps the whole condition indexable (no
    join in the OR). Nothing matching: no term. A related table with many matches keeps the join."""
    path = field.split("__")
    relation = model._meta.get_field(path[0])
    if len(path) < 2 or not relation.many_to_one:
        return Q(**{f"{field}__icontains": value})
    ids = list(
        relation.related_model._base_manager.filter(**{f"{'__'.join(path[1:])}__icontains": value})
        .values_list("pk", flat=True)[: RELATED_IDS_MAX + 1]
    )
    if len(ids) > RELATED_IDS_MAX:
        return Q(**{f"{field}__icontains": value})
    return Q(**{f"{path[0]}__in": ids}) if ids else Q(pk__in=[])
