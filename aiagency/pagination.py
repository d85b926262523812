"""The API's one pagination: `?page=N` and `?page_size=N`, the size capped at `MAX_PAGE_SIZE`.

A client may ask for a larger page than `PAGE_SIZE`, never for an unbounded one: `?page_size=100000`
answers `API_MAX_PAGE_SIZE` rows (OWASP API4, unrestricted resource consumption). A page or size
that is not a whole number from 1 up (`?page=1e308`, `?page_size=-5`) answers 400 naming it, rather
than a 404 or a default size the client did not ask for; a page past the last is a 404.

`paged_response` pages what an action lists beside its viewset's own rows.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.conf import settings
from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from aiagency.filters import whole_number_param

# Far past any list's last page; bounds the arithmetic of the page's offset.
LARGEST_PAGE = 10**9


class ApiPagination(PageNumberPagination):
    page_size_query_param = "page_size"

    @property
    # A property, read from the settings on each request (tests change them); an attribute in the
    # stubs.
    def max_page_size(self) -> int:  # type: ignore[override]
        return settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int | None:
        size = whole_number_param(
            request.query_params, self.page_size_query_param, largest=LARGEST_PAGE
        )
        return self.page_size if size is None else min(size, self.max_page_size)

    def get_page_number(self, request: Request, paginator: Paginator) -> int | str:
        if request.query_params.get(self.page_query_param) in self.last_page_strings:
            return super().get_page_number(request, paginator)
        page = whole_number_param(request.query_params, self.page_query_param, largest=LARGEST_PAGE)
        return page or 1


class PagingView(Protocol):
    def paginate_queryset(self, queryset: Any) -> Any: ...

    def get_paginated_response(self, data: Any) -> Response: ...


def paged_response(view: PagingView, rows: Any, serializer: type[BaseSerializer]) -> Response:
    """A page of `rows`, as `serializer` writes each, answered as the view's lists are."""
    page = view.paginate_queryset(rows)
    return view.get_paginated_response(serializer(page, many=True).data)
