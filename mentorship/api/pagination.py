from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 200


def _whole(request, name: str, *, low: int, high: int | None, message: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if raw.isascii() and raw.isdigit() and len(raw) <= 9:
        value = int(raw)
        if value >= low and (high is None or value <= high):
            return value
    raise serializers.ValidationError({name: [message]})


class PortalPagination(PageNumberPagination):
    """Pages of 50 rows. A page number or size outside its range answers 400 (DRF would
    quietly fall back to the default size); a page after the last one answers 404."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    invalid_page_message = "Такой страницы нет."

    def get_page_size(self, request):
        size = _whole(
            request,
            self.page_size_query_param,
            low=1,
            high=self.max_page_size,
            message=f"Укажите размер страницы от 1 до {self.max_page_size}.",
        )
        return size or self.page_size

    def get_page_number(self, request, paginator):
        number = _whole(
            request,
            self.page_query_param,
            low=1,
            high=None,
            message="Укажите номер страницы: целое число от 1.",
        )
        return number or 1

    def get_schema_operation_parameters(self, view):
        page, size = super().get_schema_operation_parameters(view)
        page["description"] = "Номер страницы, с 1."
        page["schema"] = {"type": "integer", "minimum": 1, "maximum": 999999999}
        size["description"] = f"Строк на странице, от 1 до {self.max_page_size} (по умолчанию 50)."
        size["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
        return [page, size]
