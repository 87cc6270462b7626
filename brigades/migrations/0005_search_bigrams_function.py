"""The `search_bigrams(VARIADIC text[])` function the apps' free-text search indexes are built on
(brigades.records.search; PostgreSQL only, nothing on SQLite)."""

from django.db import migrations

from brigades.records.search import add_search_function


class Migration(migrations.Migration):
    dependencies = [("brigades", "0004_monthly_figures")]
    operations = [add_search_function()]
