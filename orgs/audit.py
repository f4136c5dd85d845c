"""The audit trail as people read it: whose history a user may see, and in what words.

django-auditlog records every change; each audited row also hands it its place in the tree
(``AuditPlace.get_additional_data`` in orgs.tenancy), so that a curator's history is
"entries of my organisation" and a methodist's "entries of my municipality", one indexed
lookup each, never a join per model.
"""

from __future__ import annotations

from types import SimpleNamespace

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
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


def describe(entry: LogEntry, viewer=None) -> dict:
    """One entry in Russian: who, when, what, from where, and each field's old and new value.
    Fields the viewer does not see on the record's card are left out (``hidden_fields``)."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    hidden = hidden_fields(viewer, entry, model)
    changes = []
    changed = entry.changes_dict if isinstance(entry.changes_dict, dict) else {}
    for name, change in changed.items():
        if name in hidden:
            continue
        label = _label(model, name)
        if isinstance(change, dict) and change.get("type") == "m2m":
            text = _m2m_text(change)
            changes.append({"field": label, "old": "", "new": text, "text": text})
        elif isinstance(change, list | tuple) and len(change) == 2:
            old, new = _value(change[0]), _value(change[1])
            changes.append({"field": label, "old": old, "new": new, "text": f"{old} → {new}"})
        else:  # a shape this version of the portal does not know: shown as recorded
            text = _value(change)
            changes.append({"field": label, "old": "", "new": text, "text": text})
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


def hidden_fields(viewer, entry: LogEntry, model) -> frozenset[str]:
    """What the record's card hides from this viewer (orgs.personal_data, one definition),
    read from the entry's own place so that a page of entries costs no query per entry."""
    from .models import StaffMember
    from .personal_data import RESTRICTED_FIELDS, hidden_fields_of

    if model is not StaffMember:
        return frozenset()
    if viewer is None:
        return frozenset(RESTRICTED_FIELDS)  # nobody named: hide everything restricted
    place = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    person = SimpleNamespace(
        pk=_int(entry.object_pk),
        organisation=SimpleNamespace(
            pk=place.get("organisation"),
            municipality_id=place.get("municipality"),
            region_id=place.get("region"),
        ),
    )
    return hidden_fields_of(viewer, person)


M2M_OPERATIONS = {"add": "добавлено", "delete": "удалено", "remove": "удалено", "clear": "очищено"}


def _m2m_text(change: dict) -> str:
    operation = M2M_OPERATIONS.get(change.get("operation"), str(change.get("operation", "")))
    objects = change.get("objects") or []
    if not isinstance(objects, list):
        objects = [objects]
    return f"{operation}: {', '.join(str(o) for o in objects)}" if objects else operation


def _label(model, name: str) -> str:
    if model is None:
        return name
    try:
        return str(model._meta.get_field(name).verbose_name)
    except (FieldDoesNotExist, AttributeError):
        return name


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _value(value) -> str:
    return "—" if value in (None, "None", "") else str(value)


HEADERS = ["Когда", "Кто", "Действие", "Что", "Объект", "Изменения", "IP-адрес"]


def as_rows(entries, viewer=None) -> list[list]:
    """Rows for the inspection export, in the columns of HEADERS."""
    rows = []
    for entry in entries:
        d = describe(entry, viewer)
        rows.append(
            [
                timezone.localtime(d["when"]).strftime("%d.%m.%Y %H:%M:%S"),
                d["who"],
                d["action"],
                d["what"],
                d["object"],
                "; ".join(f"{c['field']}: {c['text']}" for c in d["changes"]),
                d["where"],
            ]
        )
    return rows
