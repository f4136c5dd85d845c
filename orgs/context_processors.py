"""The navigation bar: only what the user's roles may open."""

from dataclasses import dataclass

from django.urls import reverse

from .access import ROLE_RANK
from .models import Role


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str
    icon: str


def navigation(request):
    viewer = getattr(request, "viewer", None)
    if viewer is None or not request.user.is_authenticated:
        return {"nav_items": []}
    items: list[NavItem] = []
    if viewer.is_admin:
        items.append(NavItem("Вся страна", reverse("monitoring:country_overview"), "globe"))
    for m in viewer.memberships_with(Role.REGION_COORDINATOR):
        items.append(
            NavItem(
                f"Регион: {m.region}",
                reverse("monitoring:region_overview", args=[m.region_id]),
                "map",
            )
        )
        url = reverse("publication:region", args=[m.region_id])
        items.append(NavItem("Нормативные документы и практики", url, "globe2"))
    for m in viewer.memberships_with(Role.METHODIST):
        url = reverse("monitoring:municipality_overview", args=[m.municipality_id])
        items.append(NavItem(f"Муниципалитет: {m.municipality}", url, "buildings"))
        url = reverse("monitoring:effectiveness:municipality", args=[m.municipality_id])
        items.append(NavItem("Мониторинг эффективности", url, "bar-chart-steps"))
        url = reverse("monitoring:effectiveness:municipality_road_map", args=[m.municipality_id])
        items.append(NavItem("Дорожная карта", url, "signpost-split"))
        url = reverse("documents:municipality", args=[m.municipality_id])
        items.append(NavItem("Приказы и справки", url, "file-earmark-text"))
        url = reverse("monitoring:diagnostics:municipality", args=[m.municipality_id])
        items.append(NavItem("Диагностика", url, "clipboard-check"))
        url = reverse("orgs:mentor_base", args=[m.municipality_id])
        items.append(NavItem("База наставников", url, "person-badge"))
        url = reverse("publication:municipality", args=[m.municipality_id])
        items.append(NavItem("Публичная страница и практики", url, "globe2"))
    for m in viewer.memberships_with(Role.CURATOR):
        url = reverse("orgs:workspace", args=[m.organisation_id])
        items.append(NavItem(f"Наставничество в ОО: {m.organisation}", url, "people"))
        url = reverse("orgs:staff_list", args=[m.organisation_id])
        items.append(NavItem("Педагоги", url, "person-lines-fill"))
        url = reverse("orgs:import", args=[m.organisation_id])
        items.append(NavItem("Импорт", url, "file-earmark-spreadsheet"))
        url = reverse("pairs:list", args=[m.organisation_id])
        items.append(NavItem("Пары и группы", url, "person-video2"))
        url = reverse("pairs:programmes", args=[m.organisation_id])
        items.append(NavItem("Программы", url, "journal-text"))
        url = reverse("monitoring:effectiveness:organisation", args=[m.organisation_id])
        items.append(NavItem("Мониторинг", url, "clipboard-data"))
        url = reverse("monitoring:diagnostics", args=[m.organisation_id])
        items.append(NavItem("Диагностика", url, "clipboard-check"))
        url = reverse("publication:organisation", args=[m.organisation_id])
        items.append(NavItem("Публичная страница", url, "globe2"))
        url = reverse("documents:organisation", args=[m.organisation_id])
        if not viewer.has_role(Role.DIRECTOR, organisation=m.organisation):
            items.append(NavItem("Документы", url, "file-earmark-text"))
    for m in viewer.memberships_with(Role.DIRECTOR):
        url = reverse("documents:organisation", args=[m.organisation_id])
        items.append(NavItem(f"Документы: {m.organisation}", url, "file-earmark-text"))
    for m in viewer.memberships_with(Role.PSYCHOLOGIST):
        url = reverse("monitoring:diagnostics", args=[m.organisation_id])
        items.append(NavItem(f"Диагностика: {m.organisation}", url, "clipboard-check"))
    if viewer.is_admin or any(ROLE_RANK[m.role] > 1 for m in viewer.memberships):
        items.append(NavItem("Роли пользователей", reverse("orgs:roles"), "person-gear"))
    if viewer.is_staff_person:
        items.append(NavItem("Моё наставничество", reverse("pairs:my"), "person-check"))
        items.append(NavItem("Анкеты", reverse("monitoring:diagnostics:my"), "ui-checks"))
    return {"nav_items": items}
