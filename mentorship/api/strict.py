"""What a request may say, and nothing more: a query parameter the operation does not
document, or one given twice, answers 400 in Russian instead of being ignored (a typo in a
filter would otherwise return every row as if filtered). The documented set is the one the
schema shows: the filters and pagination of a list, plus what a view declares."""

from rest_framework import serializers

UNKNOWN = "Неизвестный параметр запроса. Допустимые: {known}."
NO_PARAMETERS = "У этого запроса нет параметров."
REPEATED = "Параметр указан несколько раз; укажите одно значение."
EMPTY = "Пустое значение: укажите значение или не передавайте параметр."


class StrictQueryMixin:
    """For every API view. ``query_parameters`` maps an action (or an HTTP method of a plain
    view, in lower case) to the extra query parameters it documents, e.g. ``{"get": {"year"}}``.
    Lists and ``paginated_actions`` also take their filters and the page parameters."""

    query_parameters: dict[str, set[str]] = {}
    paginated_actions: tuple[str, ...] = ()

    def known_query_parameters(self) -> set[str]:
        action = getattr(self, "action", None) or self.request.method.lower()
        known = set(self.query_parameters.get(action, ()))
        if action == "list":
            known |= self._filter_parameters() | self._page_parameters()
        elif action in self.paginated_actions and self.request.method == "GET":
            known |= self._page_parameters()
        return known

    def _filter_parameters(self) -> set[str]:
        known = set()
        for backend in getattr(self, "filter_backends", ()):
            get_class = getattr(backend(), "get_filterset_class", None)
            filterset = get_class(self, getattr(self, "queryset", None)) if get_class else None
            if filterset is not None:
                known |= set(filterset.base_filters)
            choices = getattr(backend, "choices", None)
            if choices and backend().choices(self):
                known.add(backend.ordering_param)
        return known

    def _page_parameters(self) -> set[str]:
        paginator = getattr(self, "paginator", None)
        if paginator is None:
            return set()
        return {paginator.page_query_param, paginator.page_size_query_param} - {None}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        known = self.known_query_parameters()
        errors = {}
        for name in request.query_params:
            if name not in known:
                named = ", ".join(f"«{k}»" for k in sorted(known))
                errors[name] = [UNKNOWN.format(known=named) if known else NO_PARAMETERS]
            elif len(request.query_params.getlist(name)) > 1:
                errors[name] = [REPEATED]
            elif request.query_params[name] == "":
                errors[name] = [EMPTY]
        if errors:
            raise serializers.ValidationError(errors)
