"""Bigram indexes for the free-text search of the large lists (brigades.records.search; PostgreSQL only).
The fields are each model's `search_index`, in the same order (the query repeats the expression)."""

from django.db import migrations

from brigades.records.search import add_search_index


class Migration(migrations.Migration):
    # CREATE INDEX over millions of rows: not in one transaction with the other migrations.
    atomic = False
    dependencies = [("enforcement", "0002_seed_violation_kinds"), ("brigades", "0005_search_bigrams_function")]
    operations = [
        add_search_index("enforcement.Violation", ('plate', 'driver_name', 'road', 'note'), "enf_violation_search"),
        add_search_index("enforcement.HelmetObservation", ('place', 'note'), "enf_helmet_search"),
    ]
