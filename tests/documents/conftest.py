import pytest

from mentorship.celery import app as celery_app


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Generated files go to a throw-away folder, not the project's media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _print_in_process(request):
    """Outside the real-worker tests, queued printing runs in the test process even when
    REDIS_URL is set (CI), so a test reads the files right after issuing."""
    if request.node.get_closest_marker("services"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous
