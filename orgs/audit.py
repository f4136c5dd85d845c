"""The audit trail as people read it: whose history a user may see, and in what words.

django-auditlog records every change; each audited row also hands it its place in the tree
(``AuditPlace.get_additional_data`` in orgs.tenancy), so that a curator's history is
"entries of my organisation" and a methodist's "entries of my municipality", one indexed
lookup each, never a join per model.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.db.models import Q
from django.utils import timezone

ACTIONS = {
    LogEntry.Action.CREATE: "создание",
    LogEntry.Action.UPDATE: "изменение",
    LogEntry.Action.DELETE: "удаление",
    LogEntry.Action.ACCESS: "просмотр",
}


def audited_model_choices() -> list[tuple[str, str]]:
    """Audited models as filter choices ("app_label.model", verbose name)."""
    from auditlog.registry import auditlog

    return sorted(
        (
            (model._meta.label_lower, str(model._meta.verbose_name).capitalize())
            for model in auditlog.get_models()
        ),
        key=lambda choice: choice[1],
    )


def history(*, organisation=None, municipality=None):
    """Entries about one organisation's rows, or about a municipality's (its own rows and its
    organisations'), newest first."""
    if organisation is not None:
        place = Q(additional_data__organisation=organisation.pk)
    elif municipality is not None:
        place = Q(additional_data__municipality=municipality.pk)
    else:
        raise ValueError("history() needs an organisation or a municipality")
    return (
        LogEntry.objects.filter(place)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


def describe(entry: LogEntry) -> dict:
    """One entry in Russian: who, when, what, from where, and each field's old and new value."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    fields = {f.name: f for f in model._meta.fields} if model else {}
    changes = []
    for name, (old, new) in (entry.changes_dict or {}).items():
        field = fields.get(name)
        label = str(field.verbose_name) if field else name
        changes.append({"field": label, "old": _value(old), "new": _value(new)})
    return {
        "entry": entry,
        "when": entry.timestamp,
        "who": entry.actor.get_full_name() if entry.actor else "система",
        "action": ACTIONS.get(entry.action, str(entry.action)),
        "what": str(model._meta.verbose_name) if model else "",
        "object": entry.object_repr,
        "where": entry.remote_addr or "",
        "changes": changes,
    }


def _value(value) -> str:
    return "—" if value in (None, "None", "") else str(value)


HEADERS = ["Когда", "Кто", "Действие", "Что", "Объект", "Изменения", "IP-адрес"]


def as_rows(entries) -> list[list]:
    """Rows for the inspection export, in the columns of HEADERS."""
    rows = []
    for entry in entries:
        d = describe(entry)
        rows.append(
            [
                timezone.localtime(d["when"]).strftime("%d.%m.%Y %H:%M:%S"),
                d["who"],
                d["action"],
                d["what"],
                d["object"],
                "; ".join(f"{c['field']}: {c['old']} → {c['new']}" for c in d["changes"]),
                d["where"],
            ]
        )
    return rows
