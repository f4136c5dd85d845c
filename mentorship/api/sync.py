"""What a regional system needs to keep a copy in step: every row says when it last changed
(``updated_at``), and a list answers only the rows changed since a moment
(``updated_since``, ISO 8601 with a time zone, e.g. 2026-12-01T00:00:00+07:00)."""

import datetime

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

TRUE_WORDS = {"1", "true", "yes", "да", "on"}
FALSE_WORDS = {"0", "false", "no", "нет", "off"}


class YesNoField(forms.Field):
    """1/0, true/false, yes/no, да/нет — a value outside them is refused, not ignored."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise forms.ValidationError("Укажите 1 или 0 (да или нет).")


@extend_schema_field(OpenApiTypes.BOOL)  # the schema says what the field takes
class YesNoFilter(django_filters.Filter):
    field_class = YesNoField


class MomentField(django_filters.fields.IsoDateTimeField):
    """A moment a database can compare with: the portal's years and a real time zone (a year
    202 or an offset of +20:47 is refused with a message, not sent to PostgreSQL)."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        offset = moment.utcoffset()
        if offset is not None and abs(offset) > datetime.timedelta(hours=14):
            raise forms.ValidationError("Часовой пояс должен быть от −14:00 до +14:00.")
        if not 2000 <= moment.year <= 2100:
            raise forms.ValidationError("Укажите дату и время с 2000 по 2100 год.")
        return moment


class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentField


class UpdatedSince(django_filters.FilterSet):
    """Adds ``updated_since`` to a list's filters."""

    updated_since = MomentFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="изменённые с (ISO 8601, с часовым поясом)",
    )


UPDATED_AT = serializers.DateTimeField(
    read_only=True, help_text="Когда запись изменена последний раз."
)
