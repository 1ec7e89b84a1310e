"""Sent forms and their entries are immutable in the database itself.

Whatever writes (a service, the admin, a queryset update, raw SQL), the database refuses to
change a sent form version or its entries and indicators, and refuses to delete them unless
a purge (retention) has put a row in cycle_purgeallowance inside its own transaction.
Storing the rendered PDF of a sent version is the one change allowed.
"""

from django.db import migrations

MESSAGE = "driehoek: een verzonden formulier is onveranderlijk"
VERSION_COLUMNS = [
    "state",
    "number",
    "form_id",
    "correction_reason",
    "lock_version",
    "sent_by_id",
    "sent_at",
    "fingerprint",
]

SQLITE_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in VERSION_COLUMNS)
SQLITE_SENT_ENTRY = "(SELECT state FROM cycle_formversion WHERE id = {ref}) = 'verzonden'"
SQLITE_ENTRY_OF = "(SELECT version_id FROM cycle_formentry WHERE id = {ref})"
NO_PURGE = "NOT EXISTS (SELECT 1 FROM cycle_purgeallowance)"

SQLITE = [
    f"""CREATE TRIGGER cycle_sent_version_no_update BEFORE UPDATE ON cycle_formversion
    FOR EACH ROW WHEN OLD.state = 'verzonden' AND ({SQLITE_CHANGED})
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER cycle_sent_version_no_delete BEFORE DELETE ON cycle_formversion
    FOR EACH ROW WHEN OLD.state = 'verzonden' AND {NO_PURGE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER cycle_sent_entry_no_update BEFORE UPDATE ON cycle_formentry
    FOR EACH ROW WHEN {SQLITE_SENT_ENTRY.format(ref="OLD.version_id")}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER cycle_sent_entry_no_delete BEFORE DELETE ON cycle_formentry
    FOR EACH ROW WHEN {SQLITE_SENT_ENTRY.format(ref="OLD.version_id")} AND {NO_PURGE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER cycle_sent_indicator_no_insert BEFORE INSERT ON cycle_formentry_indicators_seen
    FOR EACH ROW WHEN {SQLITE_SENT_ENTRY.format(ref=SQLITE_ENTRY_OF.format(ref="NEW.formentry_id"))}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER cycle_sent_indicator_no_delete BEFORE DELETE ON cycle_formentry_indicators_seen
    FOR EACH ROW WHEN {SQLITE_SENT_ENTRY.format(ref=SQLITE_ENTRY_OF.format(ref="OLD.formentry_id"))}
    AND {NO_PURGE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in [
        "cycle_sent_version_no_update",
        "cycle_sent_version_no_delete",
        "cycle_sent_entry_no_update",
        "cycle_sent_entry_no_delete",
        "cycle_sent_indicator_no_insert",
        "cycle_sent_indicator_no_delete",
    ]
]

PG_CHANGED = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in VERSION_COLUMNS)
POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION cycle_guard_version() RETURNS trigger AS $$
    BEGIN
      IF OLD.state = 'verzonden' THEN
        IF TG_OP = 'UPDATE' AND ({PG_CHANGED}) THEN
          RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
        END IF;
        IF TG_OP = 'DELETE' AND {NO_PURGE} THEN
          RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
        END IF;
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE OR REPLACE FUNCTION cycle_guard_entry() RETURNS trigger AS $$
    BEGIN
      IF (SELECT state FROM cycle_formversion WHERE id = OLD.version_id) = 'verzonden'
         AND (TG_OP = 'UPDATE' OR {NO_PURGE}) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    f"""CREATE OR REPLACE FUNCTION cycle_guard_indicator() RETURNS trigger AS $$
    DECLARE entry_id bigint;
    BEGIN
      IF TG_OP = 'DELETE' THEN entry_id := OLD.formentry_id; ELSE entry_id := NEW.formentry_id; END IF;
      IF (SELECT v.state FROM cycle_formversion v JOIN cycle_formentry e ON e.version_id = v.id
          WHERE e.id = entry_id) = 'verzonden'
         AND (TG_OP = 'INSERT' OR {NO_PURGE}) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
      END IF;
      IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER cycle_sent_version_guard BEFORE UPDATE OR DELETE ON cycle_formversion
    FOR EACH ROW EXECUTE FUNCTION cycle_guard_version()""",
    """CREATE TRIGGER cycle_sent_entry_guard BEFORE UPDATE OR DELETE ON cycle_formentry
    FOR EACH ROW EXECUTE FUNCTION cycle_guard_entry()""",
    """CREATE TRIGGER cycle_sent_indicator_guard BEFORE INSERT OR DELETE
    ON cycle_formentry_indicators_seen FOR EACH ROW EXECUTE FUNCTION cycle_guard_indicator()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS cycle_sent_version_guard ON cycle_formversion",
    "DROP TRIGGER IF EXISTS cycle_sent_entry_guard ON cycle_formentry",
    "DROP TRIGGER IF EXISTS cycle_sent_indicator_guard ON cycle_formentry_indicators_seen",
    "DROP FUNCTION IF EXISTS cycle_guard_version()",
    "DROP FUNCTION IF EXISTS cycle_guard_entry()",
    "DROP FUNCTION IF EXISTS cycle_guard_indicator()",
]


def forwards(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = (
        POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    )
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("cycle", "0004_purge_allowance")]

    operations = [migrations.RunPython(forwards, backwards)]
