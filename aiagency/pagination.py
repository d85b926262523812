"""The API's one pagination: `?page=N` and `?page_size=N`, the size capped at `MAX_PAGE_SIZE`.

A client may ask for a larger page than `PAGE_SIZE`, never for an unbounded one: `?page_size=100000`
answers `API_MAX_PAGE_SIZE` rows (OWASP API4, unrestricted resource consumption).
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    page_size_query_param = "page_size"

    @property
    def max_page_size(self) -> int:  # type: ignore[override]
        return settings.API_MAX_PAGE_SIZE
