"""Optimistic concurrency for every edit: no save silently undoes another person's change.

An edit form (``VersionedFormMixin``) and an API update (``VersionedSerializerMixin``)
carry the *version* of the row they were opened with: a fingerprint of the row's stored
values. The service re-reads the row under a lock (``lock_for_edit``) and refuses a stale
version with ``StaleEdit`` — nothing is written; then it writes only the fields whose value
the edit changed (``save_changed``). A fingerprint rather than a counter column: it needs no
migration on every edited model and no save path (imports, admin, ``QuerySet.update``) can
forget to bump it.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import hashlib
import json

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import model_to_dict

STALE_MESSAGE = (
    "Эту запись уже изменил другой пользователь после того, как вы открыли форму. "
    "Ваши изменения не сохранены."
)
_SALT = "orgs.concurrency.version"
VERSION_FIELD = "row_version"


class StaleEdit(ValidationError):
    """The row changed after the edit was opened; ``current`` is the row as stored now."""

    def __init__(self, current, message: str = STALE_MESSAGE):
        super().__init__(message, code="stale")
        self.current = current


class StateConflict(ValidationError):
    """A well-formed request that the data's present state refuses: a status that does not
    allow the transition, a second plan for the same mentee, a mentor at full load, a
    programme with working pairs. A form shows it like any error; the API answers 409
    Conflict (the request itself was valid, so 400 would be untrue)."""


def _plain(value):
    """One stable, JSON-able spelling of a stored value (equal values, equal spelling)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, models.QuerySet | list | tuple | set):
        return sorted((_plain(v) for v in value), key=str)
    if isinstance(value, bytes | memoryview):
        return hashlib.sha256(bytes(value)).hexdigest()
    if hasattr(value, "name") and isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


# Counters the database raises on every write anywhere in a tenant (orgs/data_versions.py):
# not the row's own data, so a pair created in the school does not make its requisites stale.
COUNTERS = {"data_version"}


def _stored(row) -> dict:
    """The row's concrete values and the ids of its plain many-to-many links."""
    values = {
        f.attname: _plain(f.value_from_object(row))
        for f in row._meta.concrete_fields
        if f.attname not in COUNTERS
    }
    for field in row._meta.many_to_many:
        if field.remote_field.through._meta.auto_created and row.pk is not None:
            values[field.name] = _plain([o.pk for o in getattr(row, field.name).all()])
    return values


def row_version(row) -> str:
    """The version of a stored row: changes whenever any stored value of it changes."""
    data = json.dumps(_stored(row), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:20]


def lock_for_edit(row, version: str | None):
    """The row re-read under a lock for the rest of the transaction; ``StaleEdit`` if it is
    no longer the version the edit started from. ``version=None`` (a client that sent none)
    skips the check but still writes only what changed."""
    model = type(row)
    fresh = model._base_manager.select_for_update().get(pk=row.pk)
    if version is not None and row_version(fresh) != version:
        raise StaleEdit(fresh)
    fresh._edit_base = {f.attname: f.value_from_object(fresh) for f in model._meta.concrete_fields}
    return fresh


def save_changed(row) -> list[str]:
    """Save only the fields whose value differs from what ``lock_for_edit`` read, so a
    concurrent write to another column is never overwritten with an old value."""
    base = row._edit_base
    changed = [
        f.name
        for f in row._meta.concrete_fields
        if not f.primary_key and _plain(f.value_from_object(row)) != _plain(base[f.attname])
    ]
    if changed:
        touched = [
            f.name
            for f in row._meta.concrete_fields
            if getattr(f, "auto_now", False) and f.name not in changed
        ]
        row.save(update_fields=[*changed, *touched])
    row._edit_base = {f.attname: f.value_from_object(row) for f in row._meta.concrete_fields}
    return changed


def apply_edit(row, version: str | None, fields: dict, *, clean: bool = True):
    """The common case of an edit service: lock, set the given fields, validate, save what
    changed. Returns the saved row."""
    fresh = lock_for_edit(row, version)
    for name, value in fields.items():
        setattr(fresh, name, value)
    if clean:
        fresh.full_clean()
    save_changed(fresh)
    return fresh


def last_change(row) -> str:
    """Who changed the row last and when, from the audit trail ("" when unknown)."""
    try:
        from auditlog.models import LogEntry

        entry = LogEntry.objects.get_for_object(row).order_by("-timestamp").first()
    except Exception:  # noqa: BLE001 — a model without an audit trail: say nothing
        return ""
    if entry is None:
        return ""
    from django.utils import timezone

    who = entry.actor.get_full_name() or entry.actor.get_username() if entry.actor else ""
    when = timezone.localtime(entry.timestamp).strftime("%d.%m.%Y %H:%M")
    return f"{who}, {when}" if who else when


# --- forms ---------------------------------------------------------------------------------


def _display(field: forms.Field, value) -> str:
    if value in (None, "", []):
        return "нет файла" if isinstance(field, forms.FileField) else "пусто"
    if isinstance(field, forms.FileField):
        return str(value).rsplit("/", 1)[-1]
    if isinstance(field, forms.ModelMultipleChoiceField):
        rows = field.queryset.model._base_manager.filter(pk__in=value)
        return ", ".join(sorted(str(r) for r in rows)) or "пусто"
    if isinstance(field, forms.ModelChoiceField):
        row = field.queryset.model._base_manager.filter(pk=value).first()
        return str(row) if row else str(value)
    if isinstance(field, forms.BooleanField):
        return "да" if value else "нет"
    choices = getattr(field, "choices", None)
    if choices:
        labels = {str(k): v for k, v in choices if not isinstance(v, list | tuple)}
        if str(value) in labels:
            return str(labels[str(value)])
    if isinstance(value, str) and len(value) > 80:
        return value[:77] + "…"
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
    return str(value)


class VersionedFormMixin:
    """A ModelForm that edits an existing row carries the row's version and the values it
    showed (signed, in one hidden field). A bound form compares against those values, so
    ``changed_data`` is what *this* user changed, and on a refused stale save it can say
    what the other person changed and keep what this user typed."""

    registry: list[type] = []

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        VersionedFormMixin.registry.append(cls)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = None
        self.base_values = None
        if not self.is_edit:
            return  # a new row: nothing to be stale against
        self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.is_bound:
            self._read_version(self.data.get(self.add_prefix(VERSION_FIELD)))
        else:
            self.initial[VERSION_FIELD] = self._stamp(self.instance)

    @property
    def is_edit(self) -> bool:
        return self.instance.pk is not None

    def _shown_values(self, row) -> dict:
        stored = model_to_dict(row)
        # A stored file counts by its name: a file replaced by someone else is a change this
        # form can name, though a browser can never be given a file back.
        return {name: _plain(stored[name]) for name in self.fields if name in stored}

    def _stamp(self, row) -> str:
        payload = {"v": row_version(row), "i": self._shown_values(row)}
        return signing.dumps(payload, salt=_SALT, compress=True)

    def _read_version(self, raw) -> None:
        try:
            payload = signing.loads(raw or "", salt=_SALT)
        except signing.BadSignature:
            return
        self.version, self.base_values = payload["v"], payload["i"]
        for name, value in self.base_values.items():
            field = self.fields.get(name)
            if field is None or isinstance(field, forms.FileField):
                continue
            if not isinstance(field, forms.ModelChoiceField):
                with contextlib.suppress(ValidationError):
                    value = field.to_python(value)
            self.initial[name] = value

    def clean(self):
        cleaned = super().clean()
        if self.is_bound and self.instance.pk is not None and self.version is None:
            raise ValidationError(
                "Форма устарела или повреждена: откройте страницу заново.", code="no_version"
            )
        return cleaned

    def changed_fields(self) -> dict:
        """The cleaned values of the fields this user changed (all of them for a new row)."""
        if not self.is_edit:
            return {k: v for k, v in self.cleaned_data.items() if k != VERSION_FIELD}
        return {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name in self.cleaned_data and name != VERSION_FIELD
        }

    def refuse_stale(self, stale: StaleEdit) -> None:
        """Show what the other person changed, take their values into the fields this user
        left alone, keep what this user typed, and carry the new version: a second save is
        then a deliberate one that loses nothing."""
        current = self._shown_values(stale.current)
        base = self.base_values or {}
        lines = []
        for name, now in current.items():
            was = base.get(name)
            if name == VERSION_FIELD or was == now:
                continue
            field = self.fields[name]
            lines.append(
                f"«{field.label or name}»: было «{_display(field, was)}», "
                f"стало «{_display(field, now)}»"
            )
        who = last_change(stale.current)
        message = STALE_MESSAGE
        if lines:
            message += " Изменения другого пользователя: " + "; ".join(lines) + "."
        else:
            message += " Другой пользователь изменил поля, которых нет в этой форме."
        if who:
            message += f" Последнее изменение: {who}."
        message += " Проверьте значения и сохраните ещё раз."

        user_changed = set(self.changed_data) - {VERSION_FIELD}
        data = self.data.copy()
        for name, now in current.items():
            if name in user_changed or isinstance(self.fields[name], forms.FileField):
                continue
            key = self.add_prefix(name)
            if isinstance(now, list):
                if hasattr(data, "setlist"):
                    data.setlist(key, [str(v) for v in now])
                else:
                    data[key] = now
            elif isinstance(self.fields[name], forms.BooleanField):
                if now:
                    data[key] = "on"
                else:
                    data.pop(key, None)
            else:
                data[key] = "" if now is None else str(now)
        data[self.add_prefix(VERSION_FIELD)] = self._stamp(stale.current)
        self.data = data
        self.add_error(None, ValidationError(message, code="stale"))


# --- API -----------------------------------------------------------------------------------


def request_version(request) -> str | None:
    """The version an API client edits: ``If-Match`` (an ETag from a read) or ``version``."""
    header = request.headers.get("If-Match", "").strip()
    if header and header != "*":
        return header.removeprefix("W/").strip('"')
    value = request.data.get("version") if hasattr(request.data, "get") else None
    return str(value) if value else None
