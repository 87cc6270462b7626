"""Bigram indexes for the free-text search of the large lists (brigades.records.search; PostgreSQL only).
The fields are each model's `search_index`, in the same order (the query repeats the expression)."""

from django.db import migrations

from brigades.records.search import add_search_index


class Migration(migrations.Migration):
    # CREATE INDEX over millions of rows: not in one transaction with the other migrations.
    atomic = False
    dependencies = [("hazards", "0005_rollup_day_indexes"), ("brigades", "0005_search_bigrams_function")]
    operations = [
        add_search_index("hazards.Hazard", ('road', 'place', 'description', 'notice_number', 'responsible_party_detail'), "hazard_search"),
        add_search_index("hazards.KeyVehicle", ('plate_number', 'owner'), "keyvehicle_search"),
        add_search_index("hazards.KeyDriver", ('licence_number', 'name'), "keydriver_search"),
        add_search_index("hazards.Accident", ('road', 'place', 'parties', 'vehicle_types', 'review_findings'), "accident_search"),
        add_search_index("hazards.SupervisionAction", ('outcome', 'done_note'), "supervision_search"),
    ]
