"""Answers belong to their respondent: nobody else reads one (an anonymous one only ever as
part of an aggregate of five or more, see test_results), nobody else changes a sent one, and
a curator entering a paper form makes a new answer without seeing an existing one."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitoring.diagnostics import services
from monitoring.diagnostics.models import Answer, AreaResult, Invitation
from orgs.models import Role
from tests.factories import member
from tests.hardening.urlconf import routes
from tests.monitoring.diagnostics.factories import answer, launch

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"monitoring:diagnostics:{name}", args=args)


def page(campaign, number, value):
    section = campaign.version.sections.order_by("position")[number - 1]
    return {f"q{q.pk}": value for q in section.questions.all()}


def answers_of(invitation):
    return sorted(Answer.objects.filter(invitation=invitation).values_list("question", "number"))


@pytest.mark.parametrize("anonymous", [True, False], ids=["anonymous", "named"])
@pytest.mark.parametrize("sent", [False, True], ids=["begun", "sent"])
def test_a_curator_never_opens_what_a_respondent_answered(client, cast, anonymous, sent):
    campaign = launch(
        user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a], anonymous=anonymous
    )
    invitation = campaign.invitations.get()
    client.force_login(cast.mentor_a)
    if sent:
        answer(invitation, default=1)
    else:
        client.post(url("answer", invitation.pk), page(campaign, 1, "1"))
    before = answers_of(invitation)
    assert before

    client.force_login(cast.curator_a)
    sections = campaign.version.sections.count()
    for number in range(1, sections + 1):
        assert client.get(url("answer_section", invitation.pk, number)).status_code == 404
        response = client.post(url("answer_section", invitation.pk, number), page(campaign, 1, "5"))
        assert response.status_code == 404
    assert answers_of(invitation) == before
    invitation.refresh_from_db()
    assert not invitation.on_paper and invitation.entered_by is None
    # Nor does the campaign page offer to enter it from paper.
    detail = client.get(url("campaign", campaign.pk)).content.decode()
    assert url("answer", invitation.pk) not in detail


def test_a_sent_answer_changes_only_by_its_respondent_while_the_campaign_runs(client, cast):
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    invitation = campaign.invitations.get()
    answer(invitation, default=2)
    section = campaign.version.sections.order_by("position").first()
    question = section.questions.first()

    for outsider in (cast.curator_a, cast.director_a, cast.methodist_m1):
        with pytest.raises(ValidationError, match="только сам педагог"):
            services.answers_save(
                invitation=invitation,
                section=section,
                values={question.pk: 5},
                acting_user=outsider,
            )
        with pytest.raises(ValidationError, match="только сам педагог"):
            services.response_submit(invitation=invitation, acting_user=outsider)
    assert Answer.objects.get(invitation=invitation, question=question).number == 2

    client.force_login(cast.mentor_a)  # the respondent: may change it while the campaign runs
    response = client.post(url("answer", invitation.pk), page(campaign, 1, "5"))
    assert response.status_code == 302
    assert Answer.objects.get(invitation=invitation, question=question).number == 5

    services.campaign_close(campaign=campaign)
    with pytest.raises(ValidationError, match="закрыта"):
        services.answers_save(
            invitation=invitation,
            section=section,
            values={question.pk: 1},
            acting_user=cast.mentor_a,
        )
    assert Answer.objects.get(invitation=invitation, question=question).number == 5


def test_a_paper_form_is_a_new_answer_and_then_closed_to_everyone(client, cast):
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    invitation = campaign.invitations.get()
    sections = campaign.version.sections.count()
    client.force_login(cast.curator_a)
    assert url("answer", invitation.pk) in client.get(url("campaign", campaign.pk)).content.decode()
    for number in range(1, sections + 1):
        response = client.post(
            url("answer_section", invitation.pk, number), page(campaign, number, "3")
        )
        assert response.status_code == 302, response.content.decode()[:500]
        # Going back within one's own entry shows what one has just typed, nothing else.
        assert client.get(url("answer_section", invitation.pk, number)).status_code in (200, 404)
    invitation.refresh_from_db()
    assert invitation.submitted_at and invitation.on_paper
    assert invitation.entered_by == cast.curator_a
    assert AreaResult.objects.filter(invitation=invitation).exists()
    sent = answers_of(invitation)

    # Once sent, the curator does not open it again...
    assert client.get(url("answer", invitation.pk)).status_code == 404
    assert client.post(url("answer", invitation.pk), page(campaign, 1, "1")).status_code == 404
    # ...and the teacher whose form it was reads a notice, not someone's typing, and
    # cannot overwrite it either.
    client.force_login(cast.mentor_a)
    notice = client.get(url("answer", invitation.pk)).content.decode()
    assert "внесены с бумажного бланка" in notice and 'name="q' not in notice
    client.post(url("answer", invitation.pk), page(campaign, 1, "1"))
    assert answers_of(invitation) == sent


def test_a_curator_continues_only_their_own_paper_entry(client, cast):
    campaign = launch(user=cast.curator_a, organisation=cast.school_a, staff=[cast.teacher_a])
    invitation = campaign.invitations.get()
    client.force_login(cast.curator_a)
    client.post(url("answer", invitation.pk), page(campaign, 1, "4"))
    assert client.get(url("answer", invitation.pk)).status_code == 200

    client.force_login(member(Role.CURATOR, cast.school_a, username="curator_a2"))
    assert client.get(url("answer", invitation.pk)).status_code == 404


def test_the_api_exposes_no_answers_of_diagnostics():
    """Answers are read only through the pages above; an API view over them would need the
    same rules, so none exists."""
    private = {Answer, Invitation, AreaResult}
    for route in routes():
        cls = getattr(route.view, "cls", None)
        queryset = getattr(cls, "queryset", None)
        model = getattr(queryset, "model", None)
        assert model not in private, route
