"""Demo step: the municipal mentor base. Experienced teachers of every demo municipality with
the highest or first category are offered as network mentors; a few demo teachers get
e-mails so that re-importing a staff list matches them. Idempotent and deterministic."""

from orgs.models import DeficitArea, MentorProfile, Municipality, StaffMember, add_years

CAREER_YEARS = 15
PER_ORGANISATION = 2


def seed(log=print) -> None:
    from django.utils import timezone

    areas = list(DeficitArea.objects.filter(region__isnull=True).order_by("position", "pk"))
    threshold = add_years(timezone.localdate(), -CAREER_YEARS)
    added = 0
    for municipality in Municipality.objects.order_by("pk"):
        experienced = (
            StaffMember.objects.filter(
                municipality=municipality,
                employment_status=StaffMember.Status.WORKS,
                category__in=[StaffMember.Category.HIGHEST, StaffMember.Category.FIRST],
                career_started_on__lte=threshold,
            )
            .exclude(position__icontains="директор")
            .prefetch_related("subjects")
            .order_by("organisation_id", "pk")
        )
        per_org: dict[int, int] = {}
        for i, person in enumerate(experienced):
            if per_org.get(person.organisation_id, 0) >= PER_ORGANISATION:
                continue
            per_org[person.organisation_id] = per_org.get(person.organisation_id, 0) + 1
            if not person.email:
                person.email = f"staff{person.pk}@demo-school.ru"
                person.save(update_fields=["email", "updated_at"])
            profile, created = MentorProfile.objects.get_or_create(
                staff=person,
                defaults={
                    "organisation_id": person.organisation_id,
                    "capacity": 2 + i % 2,
                    "offers_digital": i % 3 == 0,
                    "offers_reverse": i % 5 == 0,
                    "note": "Готов(а) к сетевому наставничеству, в том числе дистанционно."
                    if i % 3 == 0
                    else "",
                },
            )
            if created:
                profile.subjects.set(person.subjects.all())
                if areas:
                    profile.deficit_areas.set([areas[i % len(areas)], areas[(i + 3) % len(areas)]])
                added += 1
    log(f"База наставников: добавлено {added}.")
