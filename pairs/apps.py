from django.apps import AppConfig


class PairsConfig(AppConfig):
    name = "pairs"
    verbose_name = "Программы и пары наставничества"

    def ready(self):
        from orgs import extensions, personal_data

        from .selectors import (
            has_mentor,
            is_mentor,
            mentor_load_expression,
            person_data_of,
            staff_card_part,
            workspace_part,
        )

        # A person's request for their data (orgs) includes their pairs.
        personal_data.register_person_data(person_data_of)
        # A school's workspace shows its pairs' figures, a staff card the person's pairs; the
        # staff list filters and the mentor base counts by the rules of pairs.
        extensions.register_workspace_part(workspace_part)
        extensions.register_staff_card_part(staff_card_part)
        extensions.register_pair_roles(mentee=has_mentor, mentor=is_mentor)
        extensions.register_mentor_load(mentor_load_expression)
