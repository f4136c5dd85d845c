"""Conflict-safe API updates, the API side of ``orgs.concurrency``.

A read of one row answers with its version as an ``ETag``; an update sends it back in
``If-Match`` (or as ``"version"`` in the body). A stale update answers 409 with the row as
it is now and writes nothing. Without a version the update still writes only the fields
whose value it changes, so it never reverts a column it did not send.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from orgs.concurrency import STALE_MESSAGE, StaleEdit, request_version, row_version

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Версия записи из ETag чтения; устаревшая версия — ответ 409, ничего не записано.",
)


def _etag(row) -> str:
    return f'"{row_version(row)}"'


class VersionedUpdateMixin:
    """For a viewset with ``UpdateModelMixin``: its ``perform_update`` passes
    ``self.edit_version`` to the service, which refuses a stale one."""

    @property
    def edit_version(self) -> str | None:
        return request_version(self.request)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        response["ETag"] = _etag(instance)
        return response

    @extend_schema(parameters=[IF_MATCH])
    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            self.perform_update(serializer)
        except StaleEdit as stale:
            return Response(
                {
                    "detail": STALE_MESSAGE + " Текущее состояние записи — в поле «current».",
                    "current": self.get_serializer(stale.current).data,
                    "version": row_version(stale.current),
                },
                status=status.HTTP_409_CONFLICT,
                headers={"ETag": _etag(stale.current)},
            )
        response = Response(serializer.data)
        response["ETag"] = _etag(serializer.instance)
        return response

    @extend_schema(parameters=[IF_MATCH])
    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)
