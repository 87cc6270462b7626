"""Bigram indexes for the free-text search of the large lists (brigades.records.search; PostgreSQL only).
The fields are each model's `search_index`, in the same order (the query repeats the expression)."""

from django.db import migrations

from brigades.records.search import add_search_index


class Migration(migrations.Migration):
    # CREATE INDEX over millions of rows: not in one transaction with the other migrations.
    atomic = False
    dependencies = [("services", "0002_seed_reference_data"), ("brigades", "0005_search_bigrams_function")]
    operations = [
        add_search_index("services.WorkOrder", ('number', 'subject', 'request', 'caller_name', 'caller_phone', 'reply'), "svc_workorder_search"),
        add_search_index("services.FastAccident", ('place', 'note'), "svc_fastaccident_search"),
        add_search_index("services.CounterDay", ('note',), "svc_counterday_search"),
    ]
