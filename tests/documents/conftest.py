import pytest

from mentorship.celery import app as celery_app
from tests.factories import StaffMemberFactory


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


@pytest.fixture
def school(cast):
    """School A with the requisites a records officer checks: official names, settlement,
    a director, a curator and a mentor with full names."""
    school = cast.school_a
    school.name = "МБОУ «Онгудайская СОШ им. С.Т. Пекпеева»"
    school.full_name = (
        "Муниципальное бюджетное общеобразовательное учреждение «Онгудайская средняя "
        "общеобразовательная школа имени С.Т. Пекпеева»"
    )
    school.settlement = "с. Онгудай"
    school.save()
    school.director = StaffMemberFactory(
        organisation=school,
        last_name="Высоцкая",
        first_name="Юлия",
        patronymic="Владимировна",
        position="Директор",
    )
    school.curator = StaffMemberFactory(
        organisation=school,
        last_name="Яковлев",
        first_name="Роман",
        patronymic="Геннадьевич",
        position="Заместитель директора по УВР",
    )
    school.mentor = StaffMemberFactory(
        organisation=school,
        last_name="Белова",
        first_name="Людмила",
        patronymic="Ивановна",
        position="Учитель физики",
    )
    return school
