"""The private parts of Django that the portal builds on, pinned in one place.

``TenantManager`` re-scopes querysets in ``_chain``/``_clone`` and checks the scope in
``_fetch_all``, filling ``_result_cache`` and ``_prefetch_done`` from the scoped clone;
``compiled_objects`` makes instances from a compiled query as ``ModelIterable`` does (the
compiler's ``klass_info``, ``select`` and ``annotation_col_map``, ``get_related_populators``)
and reads the queryset's ``_fields``, ``_known_related_objects`` and
``_prefetch_related_lookups``; the API's tombstones wrap the deletion collector's ``delete``
and read what it is about to delete (``data``, ``fast_deletes``). None of these is public
API: when Django is upgraded, this file fails first, and whoever upgrades re-reads
``django/db/models/query.py``, ``sql/compiler.py`` and ``deletion.py`` against
``orgs/tenancy.py`` and ``mentorship/api/changes.py`` and moves the pin."""

import inspect

import django
import pytest
from django.db.models import QuerySet, Value
from django.db.models.deletion import Collector
from django.db.models.query import get_related_populators
from django_scopes import ScopeError, scope, scopes_disabled

from mentorship.api import changes
from orgs.models import StaffMember

pytestmark = pytest.mark.django_db

CHECKED_ON = (5, 2)


def test_django_is_the_release_the_tenancy_internals_were_checked_on():
    assert django.VERSION[:2] == CHECKED_ON, (
        "orgs/tenancy.py overrides QuerySet._chain, _clone and _fetch_all and reads the "
        "compiler's row layout, and "
        "mentorship/api/changes.py wraps Collector.delete: re-check them against this "
        "Django release, then update CHECKED_ON"
    )


def test_the_private_queryset_parts_keep_their_shape():
    assert list(inspect.signature(QuerySet._chain).parameters) == ["self"]
    assert list(inspect.signature(QuerySet._clone).parameters) == ["self"]
    assert list(inspect.signature(QuerySet._fetch_all).parameters) == ["self"]
    queryset = StaffMember.objects.none()
    assert queryset._result_cache is None and queryset._prefetch_done is False


def test_every_chained_clone_of_a_guarded_queryset_takes_the_scope_it_is_read_in(cast):
    with scope():  # no tenant dimension at all, like module import time
        declared = StaffMember.objects.filter(last_name__isnull=False)
        with pytest.raises(ScopeError):
            list(declared)
    with scope(region=None, municipality=None, organisation=[cast.school_a.pk]):
        chained = declared.order_by("pk").select_related("organisation")
        assert {s.organisation_id for s in chained} == {cast.school_a.pk}
        assert chained._result_cache is not None and chained._prefetch_done is False
        assert declared.count() == len(chained)
    with scopes_disabled():
        assert declared.count() > len(chained)


def test_the_deletion_collector_keeps_the_shape_the_tombstones_read(cast):
    """What ``mentorship.api.changes`` reads before Django deletes: the rows by model and the
    querysets it deletes without loading them."""
    assert Collector.delete is changes._delete_and_record  # the one wrapper, installed
    assert list(inspect.signature(changes._django_delete).parameters) == ["self"]
    collector = Collector(using="default")
    with scopes_disabled():
        collector.collect([cast.teacher_b])
    assert isinstance(collector.data, dict) and isinstance(collector.fast_deletes, list)
    assert cast.teacher_b in collector.data[type(cast.teacher_b)]


def test_the_compiler_parts_compiled_objects_reads_keep_their_shape():
    queryset = StaffMember.objects.select_related("organisation").annotate(one=Value(1))
    with scopes_disabled():
        compiler = queryset.query.get_compiler(queryset.db)
        compiler.as_sql()
    assert {"model", "select_fields", "related_klass_infos"} <= set(compiler.klass_info)
    assert compiler.klass_info["model"] is StaffMember
    assert set(compiler.annotation_col_map) == {"one"}
    populators = get_related_populators(compiler.klass_info, compiler.select, queryset.db)
    assert [p.model_cls for p in populators] == [
        StaffMember._meta.get_field("organisation").related_model
    ]
    assert queryset._fields is None and queryset._known_related_objects == {}
    assert queryset.prefetch_related("subjects")._prefetch_related_lookups == ("subjects",)
