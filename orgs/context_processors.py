"""The navigation bar: only what the user's roles may open."""

from dataclasses import dataclass

from django.urls import reverse

from mentorship import fragments

from .access import ROLE_RANK
from .models import Role


@dataclass(frozen=True)
class NavItem:
    title: str  # compact: the bar must fit a 1280 px school laptop
    url: str
    icon: str
    place: str = ""  # whose item it is, shown as a heading in «Ещё» and as a tooltip
    primary: bool = False  # in the bar itself; the rest go to «Ещё»

    @property
    def full_title(self) -> str:
        return f"{self.title}: {self.place}" if self.place else self.title


# Items in the bar beside «Ещё», the bell and the user menu: five fit at 1280 px.
BAR_ITEMS = 4


def navigation(request):
    viewer = getattr(request, "viewer", None)
    if viewer is None or not request.user.is_authenticated:
        return {"nav_items": [], "nav_more": []}
    # The items follow the account's roles and places, whose changes raise its version.
    user = request.user
    items = fragments.cached(("navigation", user.pk, user.data_version), lambda: _items(viewer))
    bar = [item for item in items if item.primary][:BAR_ITEMS]
    more = [item for item in items if item not in bar]
    return {"nav_items": bar, "nav_more": more}


def _items(viewer) -> list[NavItem]:
    items: list[NavItem] = []
    if viewer.is_admin:
        items.append(
            NavItem("Вся страна", reverse("monitoring:country_overview"), "globe", primary=True)
        )
    for m in viewer.memberships_with(Role.REGION_COORDINATOR):
        place = str(m.region)
        url = reverse("monitoring:region_overview", args=[m.region_id])
        items.append(NavItem("Регион", url, "map", place, primary=True))
        url = reverse("publication:region", args=[m.region_id])
        items.append(NavItem("Документы и практики", url, "globe2", place, primary=True))
    for m in viewer.memberships_with(Role.METHODIST):
        place = str(m.municipality)
        url = reverse("monitoring:municipality_overview", args=[m.municipality_id])
        items.append(NavItem("Муниципалитет", url, "buildings", place, primary=True))
        url = reverse("monitoring:effectiveness:municipality", args=[m.municipality_id])
        items.append(NavItem("Эффективность", url, "bar-chart-steps", place, primary=True))
        url = reverse("documents:municipality", args=[m.municipality_id])
        items.append(NavItem("Приказы", url, "file-earmark-text", place, primary=True))
        url = reverse("orgs:mentor_base", args=[m.municipality_id])
        items.append(NavItem("Наставники", url, "person-badge", place, primary=True))
        url = reverse("monitoring:effectiveness:municipality_road_map", args=[m.municipality_id])
        items.append(NavItem("Дорожная карта", url, "signpost-split", place))
        url = reverse("monitoring:effectiveness:municipality_series", args=[m.municipality_id])
        items.append(NavItem("Методические занятия", url, "easel", place))
        url = reverse("monitoring:diagnostics:municipality", args=[m.municipality_id])
        items.append(NavItem("Диагностика", url, "clipboard-check", place))
        url = reverse("publication:municipality", args=[m.municipality_id])
        items.append(NavItem("Публичная страница и практики", url, "globe2", place))
        url = reverse("contest:municipality", args=[m.municipality_id])
        items.append(NavItem("Конкурс наставников", url, "trophy", place))
    for m in viewer.memberships_with(Role.CURATOR):
        place = str(m.organisation)
        url = reverse("orgs:workspace", args=[m.organisation_id])
        items.append(NavItem("Школа", url, "people", place, primary=True))
        url = reverse("orgs:staff_list", args=[m.organisation_id])
        items.append(NavItem("Педагоги", url, "person-lines-fill", place, primary=True))
        url = reverse("pairs:list", args=[m.organisation_id])
        items.append(NavItem("Пары", url, "person-video2", place, primary=True))
        url = reverse("pairs:programmes", args=[m.organisation_id])
        items.append(NavItem("Программы", url, "journal-text", place, primary=True))
        url = reverse("orgs:import", args=[m.organisation_id])
        items.append(NavItem("Импорт педагогов", url, "file-earmark-spreadsheet", place))
        url = reverse("monitoring:effectiveness:organisation", args=[m.organisation_id])
        items.append(NavItem("Мониторинг", url, "clipboard-data", place))
        url = reverse("monitoring:effectiveness:organisation_series", args=[m.organisation_id])
        items.append(NavItem("Методические занятия", url, "easel", place))
        url = reverse("monitoring:diagnostics", args=[m.organisation_id])
        items.append(NavItem("Диагностика", url, "clipboard-check", place))
        url = reverse("publication:organisation", args=[m.organisation_id])
        items.append(NavItem("Публичная страница", url, "globe2", place))
        url = reverse("contest:municipality", args=[m.organisation.municipality_id])
        items.append(NavItem("Конкурс наставников", url, "trophy", place))
        url = reverse("documents:organisation", args=[m.organisation_id])
        if not viewer.has_role(Role.DIRECTOR, organisation=m.organisation):
            items.append(NavItem("Документы", url, "file-earmark-text", place))
    for m in viewer.memberships_with(Role.DIRECTOR):
        url = reverse("documents:organisation", args=[m.organisation_id])
        items.append(
            NavItem("Документы", url, "file-earmark-text", str(m.organisation), primary=True)
        )
    for m in viewer.memberships_with(Role.PSYCHOLOGIST):
        url = reverse("monitoring:diagnostics", args=[m.organisation_id])
        items.append(
            NavItem("Диагностика", url, "clipboard-check", str(m.organisation), primary=True)
        )
    if viewer.is_staff_person:
        items.append(
            NavItem("Моё наставничество", reverse("pairs:my"), "person-check", primary=True)
        )
        items.append(
            NavItem("Анкеты", reverse("monitoring:diagnostics:my"), "ui-checks", primary=True)
        )
        url = reverse("portfolio:detail", args=[viewer.user.staff_member_id])
        items.append(NavItem("Моё портфолио", url, "award"))
        items.append(NavItem("Оценка заявок конкурса", reverse("contest:jury"), "trophy"))
    if viewer.is_admin or any(ROLE_RANK[m.role] > 1 for m in viewer.memberships):
        items.append(NavItem("Роли пользователей", reverse("orgs:roles"), "person-gear"))
    return items
