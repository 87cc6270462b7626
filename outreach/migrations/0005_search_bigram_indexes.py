"""Bigram indexes for the free-text search of the large lists (brigades.records.search; PostgreSQL only).
The fields are each model's `search_index`, in the same order (the query repeats the expression)."""

from django.db import migrations

from brigades.records.search import add_search_index


class Migration(migrations.Migration):
    # CREATE INDEX over millions of rows: not in one transaction with the other migrations.
    atomic = False
    dependencies = [("outreach", "0004_link_events_to_operations"), ("brigades", "0005_search_bigrams_function")]
    operations = [
        add_search_index("outreach.EscortDutyLog", ('note',), "outreach_duty_search"),
        add_search_index("outreach.Event", ('title', 'venue_name', 'summary', 'campaign'), "outreach_event_search"),
    ]
