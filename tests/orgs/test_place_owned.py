"""Every row on the place-owned base takes its tenant keys in ``save()``, the same way for
every model: from its parent (a session from its series) or from its own place (a school's
row carries its school's municipality and region). Generated over every subclass, so a new
model on the base is checked without a line here."""

from unittest import mock

import pytest
from django.apps import apps
from django.db import models

from orgs.tenancy import PlaceOwned, TenantOwned

pytestmark = pytest.mark.django_db

PLACE_OWNED = sorted(
    (m for m in apps.get_models() if issubclass(m, PlaceOwned)), key=lambda m: m._meta.label
)
WITH_PARENT = [m for m in PLACE_OWNED if m.tenant_parent]
OWN_PLACE = [m for m in PLACE_OWNED if not m.tenant_parent]
PLACE_REQUIRED = [m for m in OWN_PLACE if not m.portal_rows]
PORTAL_ROWS = [m for m in OWN_PLACE if m.portal_rows]
# Models with tenant keys that do not take them from a place of their own, each with why.
KEYS_OF_THEIR_OWN = {
    # The tree itself: a place's keys are its own id and the places above it.
    "orgs.Region": "a place",
    "orgs.Municipality": "a place",
    "orgs.Organisation": "a place",
    # Copies of other rows' keys: the summarised rows', the deleted row's.
    "monitoring.OrganisationSummary": "derived",
    "monitoring.MunicipalitySummary": "derived",
    "monitoring.RetentionSummary": "derived",
    "monitoring.PairsSummary": "derived",
    "monitoring.CompletionSummary": "derived",
    "api.Tombstone": "a copy of the deleted row's keys",
}
# What a model's own save() needs besides its place (a document's register follows its kind).
NEEDS = {"documents.Document": {"kind": "pairs"}}


def _ids(model):
    return model._meta.label


def _keys(row) -> tuple:
    return row.region_id, row.municipality_id, row.organisation_id


def _row(model, **fields):
    return model(**NEEDS.get(model._meta.label, {}), **fields)


def _saved(row):
    """Save ``row`` as the model would, up to the database write, and return what it would
    write; the other required fields play no part in the keys."""
    with mock.patch.object(models.Model, "save_base") as write:
        row.save()
    assert write.called
    return row


def test_the_base_covers_the_place_owned_models():
    labels = {m._meta.label for m in PLACE_OWNED}
    assert {
        "documents.Document",
        "documents.RenderJob",
        "diagnostics.Campaign",
        "effectiveness.Session",
        "effectiveness.SessionMaterial",
        "contest.Contest",
        "orgs.Membership",
        "orgs.MatchingWeights",
        "orgs.NameForm",
        "orgs.RegisterFormat",
        "pairs.PlanTemplate",
    } <= labels
    # One way to take keys: no model writes its own.
    assert [m for m in PLACE_OWNED if "copy_tenant_keys" in vars(m)] == []


def test_every_model_with_tenant_keys_takes_them_from_the_one_base():
    keyed = {
        m._meta.label
        for m in apps.get_models()
        if getattr(m._default_manager, "tenant_dimensions", None)
        and not issubclass(m, (PlaceOwned, TenantOwned))
    }
    assert keyed == set(KEYS_OF_THEIR_OWN)


@pytest.mark.parametrize("model", OWN_PLACE, ids=_ids)
def test_a_schools_row_saved_with_only_its_school_carries_the_schools_keys(cast, model):
    # Keys of another region given by mistake are replaced by the school's own.
    row = _saved(_row(model, organisation=cast.school_a, municipality=cast.m3, region=cast.region2))
    assert _keys(row) == (cast.region1.pk, cast.m1.pk, cast.school_a.pk)


@pytest.mark.parametrize("model", OWN_PLACE, ids=_ids)
def test_a_municipalitys_row_saved_with_only_its_municipality_carries_its_region(cast, model):
    row = _saved(_row(model, municipality=cast.m1))
    assert _keys(row) == (cast.region1.pk, cast.m1.pk, None)


@pytest.mark.parametrize("model", PLACE_REQUIRED, ids=_ids)
def test_a_row_with_no_place_is_refused_before_it_is_written(model):
    with (
        mock.patch.object(models.Model, "save_base") as write,
        pytest.raises(ValueError, match="none is set"),
    ):
        _row(model).save()
    assert not write.called


@pytest.mark.parametrize("model", PORTAL_ROWS, ids=_ids)
def test_a_row_of_the_portal_is_saved_with_no_keys(model):
    assert _keys(_saved(_row(model))) == (None, None, None)


def _parent(model, **keys):
    parent_model = model._meta.get_field(model.tenant_parent).related_model
    parent = parent_model(**keys)
    parent.pk = 10**9  # a saved parent, as far as the child's save can tell
    return parent


@pytest.mark.parametrize("model", WITH_PARENT, ids=_ids)
@pytest.mark.parametrize("level", ["organisation", "municipality"])
def test_a_row_saved_with_only_its_parent_takes_the_parents_place(cast, model, level):
    place = {"region": cast.region1, "municipality": cast.m1}
    if level == "organisation":
        place["organisation"] = cast.school_a
    row = _saved(_row(model, **{model.tenant_parent: _parent(model, **place)}))
    assert _keys(row) == (
        cast.region1.pk,
        cast.m1.pk,
        cast.school_a.pk if level == "organisation" else None,
    )


@pytest.mark.parametrize("model", WITH_PARENT, ids=_ids)
def test_a_row_without_its_parent_is_refused_with_the_parent_named(cast, model):
    with (
        mock.patch.object(models.Model, "save_base") as write,
        pytest.raises(ValueError, match=f"from its {model.tenant_parent}, which is not set"),
    ):
        _row(model, region=cast.region1, municipality=cast.m1).save()
    assert not write.called
