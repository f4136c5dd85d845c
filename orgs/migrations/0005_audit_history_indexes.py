"""Indexes for the audit history pages: entries of one organisation or municipality, newest
first. The place lives in django-auditlog's JSON column, so these are expression indexes;
PostgreSQL gets them, the embedded SQLite demo does not need them."""

from django.db import migrations

PLACES = ("organisation", "municipality")


class PostgreSQLOnly(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0004_staff_mentor_base_import"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [
        PostgreSQLOnly(
            sql=f"CREATE INDEX IF NOT EXISTS auditlog_logentry_{place}_time ON auditlog_logentry "
            f"((additional_data -> '{place}'), timestamp DESC)",
            reverse_sql=f"DROP INDEX IF EXISTS auditlog_logentry_{place}_time",
        )
        for place in PLACES
    ]
