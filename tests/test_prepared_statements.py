"""PostgreSQL keeps the statements a connection repeats prepared, so that a page viewed
again after a write is neither parsed nor planned again (mentorship/settings.py)."""

import pytest
from django.db import connection
from django.urls import reverse


@pytest.mark.postgresql("prepared statements are PostgreSQL's")
def test_a_page_rendered_again_runs_its_reads_prepared(cast, client, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0  # every view renders the page afresh
    client.force_login(cast.curator_a)
    url = reverse("pairs:list", args=[cast.school_a.pk])
    for _ in range(3):
        assert client.get(url).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "pairs_pair"' in statement for statement in prepared), prepared
