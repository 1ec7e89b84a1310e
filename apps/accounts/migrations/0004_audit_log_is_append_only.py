"""The audit log is append-only in the database itself: rows are added, never changed or
removed. Allowed: forgetting who an actor was when their account is deleted (the foreign
key's SET NULL), and deletion inside a retention purge (a row in cycle_purgeallowance)."""

from django.db import migrations

MESSAGE = "driehoek: het auditlog is alleen-toevoegen"
NO_PURGE = "NOT EXISTS (SELECT 1 FROM cycle_purgeallowance)"
COLUMNS = ["at", "action", "target_type", "target_id", "detail", "ip_address"]

SQLITE = [
    f"""CREATE TRIGGER accounts_audit_no_update BEFORE UPDATE ON accounts_auditevent
    FOR EACH ROW WHEN {" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in COLUMNS)}
    OR (NEW.actor_id IS NOT OLD.actor_id AND NEW.actor_id IS NOT NULL)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER accounts_audit_no_delete BEFORE DELETE ON accounts_auditevent
    FOR EACH ROW WHEN {NO_PURGE} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS accounts_audit_no_update",
    "DROP TRIGGER IF EXISTS accounts_audit_no_delete",
]
POSTGRES = [
    f"""CREATE OR REPLACE FUNCTION accounts_guard_audit() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF {NO_PURGE} THEN
          RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
        END IF;
        RETURN OLD;
      END IF;
      IF {" OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in COLUMNS)}
         OR (NEW.actor_id IS DISTINCT FROM OLD.actor_id AND NEW.actor_id IS NOT NULL) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER accounts_audit_guard BEFORE UPDATE OR DELETE ON accounts_auditevent
    FOR EACH ROW EXECUTE FUNCTION accounts_guard_audit()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS accounts_audit_guard ON accounts_auditevent",
    "DROP FUNCTION IF EXISTS accounts_guard_audit()",
]


def forwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for sql in POSTGRES if postgres else SQLITE:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for sql in POSTGRES_REVERSE if postgres else SQLITE_REVERSE:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_triangle_rest"), ("cycle", "0004_purge_allowance")]

    operations = [migrations.RunPython(forwards, backwards)]
