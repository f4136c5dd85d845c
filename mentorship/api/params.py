"""Query parameters of the figure endpoints (a campaign's shares, a satisfaction table):
read with the lists' own strict fields, so ``young=maybe`` answers 400 in Russian exactly as
a list's filter would, and described in the schema by the same shapes."""

from django import forms
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from .sync import FALSE_WORDS, MAX_ID, TRUE_WORDS, IdField, YesNoField


def read(request, **fields: forms.Field) -> dict:
    """The named parameters, cleaned; an absent one is None."""
    form = forms.Form(request.query_params)
    for name, field in fields.items():
        field.required = False
        form.fields[name] = field
    if not form.is_valid():
        raise serializers.ValidationError(form.errors)
    return form.cleaned_data


def id_parameter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name, {"type": "integer", "minimum": 1, "maximum": MAX_ID}, description=description
    )


def yes_no_parameter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(
        name, {"type": "string", "enum": [*TRUE_WORDS, *FALSE_WORDS]}, description=description
    )


__all__ = ["IdField", "YesNoField", "id_parameter", "read", "yes_no_parameter"]
