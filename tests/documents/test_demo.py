import io

import pytest
from django.core.management import call_command

from documents.models import Document

pytestmark = pytest.mark.django_db


def test_the_demo_issues_printed_orders_for_ongudai_school_once():
    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    documents = Document.objects.filter(organisation__short_name="Онгудайская СОШ")
    assert documents.count() >= 3
    assert all(d.status == Document.Status.ISSUED and d.has_files for d in documents)
    assert Document.objects.filter(municipality__name="Город Кедровый").get().number == ""
    total = Document.objects.count()
    call_command("seed_demo", "--allow-without-debug", stdout=io.StringIO())
    assert Document.objects.count() == total
