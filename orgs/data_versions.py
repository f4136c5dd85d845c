"""Data versions: a counter on each organisation, municipality and region that PostgreSQL
raises whenever a row that tenant owns is inserted, changed or deleted.

Rendered pages are cached under these versions (mentorship/fragments.py), so a
cached page can never outlive the data it shows. The database keeps the counters, not Python
signals, because the counters must see every write: ``QuerySet.update``, ``bulk_create``,
``COPY`` of the scale generator and a fix made in ``psql`` alike.

One statement-level trigger per table and event (a transition table serves only one event):
a statement that writes 5,000 rows raises each owner's counter once. A row is owned by its
organisation when it has one, else by its municipality, else by its region. Every table
with a tenant key gets the triggers after each ``migrate``, so a new model cannot be missed;
``tests/orgs/test_data_versions.py`` checks that. Tables without tenant keys raise the owner
they reach through their first foreign key (a link table's list holder, a template's or road
map's parent), or every region for a catalogue nobody owns; rows shown on another tenant's
pages (a network mentor, a role holder's name) raise those tenants too.
A bulk load raises its tenants once at its end instead (``bulk_load``).

Accounts have a data version too, raised by any change to the account's own row and to the
rows that belong to it (``USER_TABLES``: its memberships and personal settings). The viewer's
memberships and each page's navigation are cached under it, so a role granted or withdrawn
counts on the very next request. These triggers never stand aside, not even in a bulk load.

The price: a write holds its school's counter row until it commits, so two writes in one
school commit one after the other. Every write here is a short transaction (the country
load run: 0 errors, every write stored).
"""

from contextlib import contextmanager

from django.db import connection

# Derived rows: the refresh rewrites them on its own schedule, and the pages that read them
# key their caches on the summaries' own timestamps.
DERIVED_TABLES = {
    "monitoring_organisationsummary",
    "monitoring_municipalitysummary",
    "monitoring_retentionsummary",
    "monitoring_pairssummary",
    "monitoring_completionsummary",
}
# Rows no page shows: the background tasks' outbox, written on every heartbeat.
UNSHOWN_TABLES = {"orgs_outboxtask"}
# The tenants themselves carry the counters (raised by the row trigger below).
TENANT_TABLES = {"orgs_region", "orgs_municipality", "orgs_organisation"}
EVENTS = ("INSERT", "UPDATE", "DELETE")
# Rows that belong to one account (by ``user_id``): what its navigation and settings show.
USER_TABLES = ("orgs_membership", "pairs_personalsettings")
# The apps whose tables the pages read; tables of Django's own apps hold no shown data.
PROJECT_APPS = {
    "orgs",
    "pairs",
    "diagnostics",
    "effectiveness",
    "documents",
    "publication",
    "monitoring",
    "api",
}
# Rows that carry their own counter, raised by any change to them.
OWN_VERSION_TABLES = (*sorted(TENANT_TABLES), "orgs_user")
# Set for one transaction by bulk_load(): the tenants' statement triggers stand aside.
PAUSE_SETTING = "portal.bulk_load"
# Room on each page for the next version of a row, so that raising a counter is a HOT
# update (no index entries) and the three small tables do not bloat.
TENANT_FILLFACTOR = 50


def _bump(rows: str, columns: set[str]) -> str:
    """Raise the counters of the owners of ``rows`` (a transition table)."""

    def key(tenant):
        return f"{tenant}_id" if f"{tenant}_id" in columns else "NULL::bigint"

    org, municipality, region = key("organisation"), key("municipality"), key("region")
    # Table and column names of our own schema; no input reaches this SQL.
    return f"""
    UPDATE orgs_organisation SET data_version = data_version + 1
     WHERE id IN (SELECT {org} FROM {rows});
    UPDATE orgs_municipality SET data_version = data_version + 1
     WHERE id IN (SELECT {municipality} FROM {rows} WHERE {org} IS NULL);
    UPDATE orgs_region SET data_version = data_version + 1
     WHERE id IN (SELECT {region} FROM {rows} WHERE {org} IS NULL AND {municipality} IS NULL)
        OR EXISTS (SELECT FROM {rows}
                    WHERE {org} IS NULL AND {municipality} IS NULL AND {region} IS NULL);"""  # noqa: S608


def _function_sql(name: str, columns: set[str], owners: str = "") -> str:
    """The trigger function for tables with these tenant columns. An UPDATE raises the
    owners of the old rows and of the new ones: a row moved to another school changes both.
    ``owners`` (for a table without tenant keys) is a query of the owning table's tenant
    columns for the rows of ``{rows}``: the parent's, reached through its foreign keys."""

    def bump(rows: str) -> str:
        return _bump(f"({owners.format(rows=rows)}) AS owners" if owners else rows, columns)

    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('{PAUSE_SETTING}', true) = 'on' THEN
    RETURN NULL;  -- a bulk load raises the counters once at its end (bulk_load below)
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN{bump("new_rows")}
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN{bump("old_rows")}
  END IF;
  RETURN NULL;
END $$;
"""


def _user_function_sql(name: str, owners: str = "") -> str:
    """Raises the accounts of the rows (their ``user_id``, or the owners' for a table reached
    through its parents); a row handed to another account raises both."""

    def rows(transition: str) -> str:
        return f"({owners.format(rows=transition)}) AS owners" if owners else transition

    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE orgs_user SET data_version = data_version + 1
     WHERE id IN (SELECT user_id FROM {rows("new_rows")});
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE orgs_user SET data_version = data_version + 1
     WHERE id IN (SELECT user_id FROM {rows("old_rows")});
  END IF;
  RETURN NULL;
END $$;
"""  # noqa: S608 - table and column names of our own schema


# A tenant's or an account's own row: any change to it (a renamed school) is a new version
# too, and a save from Django with a stale counter in memory can never move it backwards.
_OWN_ROW_SQL = """
CREATE OR REPLACE FUNCTION portal_own_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.data_version <= OLD.data_version THEN
    NEW.data_version := OLD.data_version + 1;
  END IF;
  RETURN NEW;
END $$;
"""


def tenant_tables(cursor) -> dict[str, set[str]]:
    """Tables with a tenant key, each with the tenant columns it has."""
    cursor.execute(
        """
        SELECT table_name, array_agg(column_name::text)
          FROM information_schema.columns
         WHERE table_schema = current_schema()
           AND column_name IN ('organisation_id', 'municipality_id', 'region_id')
         GROUP BY table_name
        """
    )
    return {
        table: set(columns)
        for table, columns in cursor.fetchall()
        if table not in DERIVED_TABLES | TENANT_TABLES
    }


def owned_through_parents() -> dict[str, tuple[str, set[str]]]:
    """The project's tables without tenant keys (link tables of many-to-many fields, the
    children of a template, road map or instrument, reference catalogues), each with a query
    of its owners for the rows of ``{rows}`` and the columns that query gives: the owner's
    tenant keys, or an account's ``user_id``.

    The owner is reached through each table's first foreign key (a link table's first
    column is the row that holds the list). A chain that ends nowhere (a catalogue such as
    subjects) stands for a row shared by every region: a write raises them all."""
    from django.apps import apps

    found = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if (
            model._meta.app_label not in PROJECT_APPS
            or _tenant_columns(model)
            or table in TENANT_TABLES | DERIVED_TABLES | set(OWN_VERSION_TABLES)
            or table in USER_TABLES
            or table in UNSHOWN_TABLES
        ):
            continue
        joins, alias, current = [], "r", model
        while True:
            links = [field for field in current._meta.concrete_fields if field.is_relation]
            parent = links[0].related_model if links else None
            if parent is None or parent._meta.app_label not in PROJECT_APPS:
                found[table] = (EVERYONE, {"region_id"})
                break
            if parent._meta.db_table == "orgs_user":
                rows = " ".join(["FROM {rows} r", *joins])
                found[table] = (f"SELECT {alias}.{links[0].column} AS user_id {rows}", {"user_id"})
                break
            step = f"p{len(joins) + 1}"
            joins.append(
                f"JOIN {parent._meta.db_table} {step} ON {step}.id = {alias}.{links[0].column}"
            )
            alias, current = step, parent
            if columns := sorted(_tenant_columns(parent)):
                selected = ", ".join(f"{alias}.{column}" for column in columns)
                found[table] = (
                    " ".join([f"SELECT {selected} FROM {{rows}} r", *joins]),  # noqa: S608
                    set(columns),
                )
                break
    return found


# Owners of a row nobody owns: one row with every key empty, which raises every region.
EVERYONE = "SELECT NULL::bigint AS region_id FROM {rows} LIMIT 1"


def _tenant_columns(model) -> set[str]:
    columns = {field.column for field in model._meta.concrete_fields}
    return columns & {"organisation_id", "municipality_id", "region_id"}


TRANSITIONS = {
    "INSERT": "NEW TABLE AS new_rows",
    "UPDATE": "NEW TABLE AS new_rows OLD TABLE AS old_rows",
    "DELETE": "OLD TABLE AS old_rows",
}


def install(using: str = "default") -> int:
    """Bring the triggers in line with the schema; returns how many were created or dropped.

    Functions are replaced every time (that locks no table); a trigger is created only
    where it is missing or calls another function, and dropped where its table has lost
    its tenant keys, so a deployment whose schema did not change takes no table lock.
    PostgreSQL only: elsewhere (the embedded SQLite default) no page is cached."""
    from django.db import connections

    target = connections[using]
    if target.vendor != "postgresql":
        return 0
    changed = 0
    with target.cursor() as cursor:
        present = _present_triggers(cursor)
        wanted = {}
        cursor.execute(_OWN_ROW_SQL)
        for owner in OWN_VERSION_TABLES:
            wanted[(owner, "data_version_own")] = (
                "portal_own_data_version",
                f"CREATE TRIGGER data_version_own BEFORE UPDATE ON {owner} "
                "FOR EACH ROW EXECUTE FUNCTION portal_own_data_version()",
            )
        cursor.execute(_user_function_sql("portal_user_data_version"))
        for table in USER_TABLES:
            wanted.update(
                _statement_triggers(table, "data_version_user_", "portal_user_data_version")
            )
        for table, (owners, columns) in sorted(owned_through_parents().items()):
            function = f"portal_data_version_of_{table}"
            if columns == {"user_id"}:
                cursor.execute(_user_function_sql(function, owners))
                wanted.update(_statement_triggers(table, "data_version_user_", function))
            else:
                cursor.execute(_function_sql(function, columns, owners))
                wanted.update(_statement_triggers(table, "data_version_parent_", function))
        for table in _SHOWN_ELSEWHERE:
            function = f"portal_data_version_shown_{table}"
            cursor.execute(_shown_elsewhere_sql(table))
            wanted[(table, "data_version_shown_update")] = (
                function,
                f"CREATE TRIGGER data_version_shown_update AFTER UPDATE ON {table} REFERENCING "
                f"{TRANSITIONS['UPDATE']} FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
            )
        for table, columns in sorted(tenant_tables(cursor).items()):
            function = "portal_data_version_" + "_".join(
                sorted(c.removesuffix("_id")[0] for c in columns)
            )
            cursor.execute(_function_sql(function, columns))
            wanted.update(_statement_triggers(table, "data_version_", function))
        for (table, name), function in present.items():
            if wanted.get((table, name), (None,))[0] != function:
                cursor.execute(f"DROP TRIGGER {name} ON {table}")
                changed += 1
        for key, (function, create) in wanted.items():
            if present.get(key) != function:
                cursor.execute(create)
                changed += 1
        for tenant in sorted(TENANT_TABLES):
            cursor.execute(
                "SELECT %s = ANY(coalesce(reloptions, '{}')) "
                "FROM pg_class WHERE oid = %s::regclass",
                [f"fillfactor={TENANT_FILLFACTOR}", tenant],
            )
            if not cursor.fetchone()[0]:
                cursor.execute(f"ALTER TABLE {tenant} SET (fillfactor = {TENANT_FILLFACTOR})")
    return changed


# Rows shown on the pages of a tenant that does not own them: a network mentor's card on
# the pages of the schools whose pairs they are in, and the names of the people holding a
# role on the pages of the place they hold it in. A change to them raises those places too.
_SHOWN_ELSEWHERE = {
    "orgs_staffmember": "SELECT m.organisation_id, NULL::bigint AS municipality_id, "
    "NULL::bigint AS region_id FROM pairs_pairmember m JOIN new_rows n ON n.id = m.staff_id",
    "orgs_user": "SELECT ms.organisation_id, ms.municipality_id, ms.region_id "
    "FROM orgs_membership ms JOIN new_rows n ON n.id = ms.user_id "
    "JOIN old_rows o ON o.id = n.id WHERE (n.last_name, n.first_name, n.patronymic) "
    "IS DISTINCT FROM (o.last_name, o.first_name, o.patronymic)",
}


def _shown_elsewhere_sql(table: str) -> str:
    columns = {"organisation_id", "municipality_id", "region_id"}
    return f"""
CREATE OR REPLACE FUNCTION portal_data_version_shown_{table}() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN{_bump(f"({_SHOWN_ELSEWHERE[table]}) AS owners", columns)}
  RETURN NULL;
END $$;
"""


def _statement_triggers(table: str, prefix: str, function: str) -> dict:
    """(table, trigger) → (function, its CREATE TRIGGER) for the three events."""
    return {
        (table, f"{prefix}{event.lower()}"): (
            function,
            f"CREATE TRIGGER {prefix}{event.lower()} AFTER {event} ON {table} REFERENCING "
            f"{transitions} FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        )
        for event, transitions in TRANSITIONS.items()
    }


def _present_triggers(cursor) -> dict[tuple[str, str], str]:
    """(table, trigger) → the function it calls, for this module's triggers."""
    cursor.execute(
        """
        SELECT c.relname, t.tgname, p.proname
          FROM pg_trigger t
          JOIN pg_class c ON c.oid = t.tgrelid
          JOIN pg_proc p ON p.oid = t.tgfoid
         WHERE t.tgname LIKE 'data_version%%' AND NOT t.tgisinternal
        """
    )
    return {(table, name): function for table, name, function in cursor.fetchall()}


@contextmanager
def bulk_load(municipality):
    """Inside a transaction that fills a whole municipality (the scale generator): the
    triggers would raise every school's counter once per COPY batch, hundreds of thousands
    of row updates at country scale, so they stand aside and the municipality, its schools
    and its region are raised once at the end instead."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [PAUSE_SETTING])
        yield
        cursor.execute("SELECT set_config(%s, 'off', true)", [PAUSE_SETTING])
        cursor.execute(
            "UPDATE orgs_organisation SET data_version = data_version + 1 "
            "WHERE municipality_id = %s",
            [municipality.pk],
        )
        for table, pk in (
            ("orgs_municipality", municipality.pk),
            ("orgs_region", municipality.region_id),
        ):
            cursor.execute(
                f"UPDATE {table} SET data_version = data_version + 1 WHERE id = %s",  # noqa: S608
                [pk],
            )


def watched_tables(prefix: str = "data_version_") -> set[str]:
    """Tables that carry all three triggers named ``prefix`` + event (for the tests);
    ``data_version_user_`` for the account triggers."""
    names = [prefix + event.lower() for event in EVENTS]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
             WHERE t.tgname = ANY(%s) GROUP BY c.relname HAVING count(*) = 3
            """,
            [names],
        )
        return {row[0] for row in cursor.fetchall()}
