"""The pack of local acts every organisation keeps, as the regional and municipal acts on
mentoring list it: the default list a municipality starts from before configuring its own."""

ORGANISATION_PACK = [
    "Приказ о внедрении целевой модели наставничества",
    "Приказ об утверждении Положения о системе наставничества "
    "(приложения: Положение, Дорожная карта)",
    "Протокол заседания педагогического совета",
    "Приказ о назначении куратора и наставников",
    "Приказ о закреплении наставнических пар (групп)",
    "Приказ об утверждении персонализированных программ наставничества",
    "Приказ об организации работы с молодыми специалистами",
    "Приказ о проведении итогового мероприятия и поощрении наставников",
]


def pack_size(configured: int) -> int:
    """How many documents each school keeps in a municipality that configured ``configured``
    of them (``local_act_kinds_shown``): the default pack's while it has configured none."""
    return configured or len(ORGANISATION_PACK)
