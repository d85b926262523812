"""The query filters of every list: numbers bounded so that no value reaches the database as one
it cannot take, and filters that shape lists only.

A number filter accepted anything `Decimal` reads up to 1e50: `?author=-1.1e305` or a 30-digit id
reached SQLite as an integer past 64 bits and raised `OverflowError`, a 500. Here an id is an
integer from 1 to 2**63 - 1, any other integer fits in 64 bits and a decimal stays within
`LARGEST_NUMBER`; anything else answers 400 naming the parameter. `FilterSet` gives every filter
made from a model field (`filterset_fields`) these bounds; a declared filter uses these classes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.core.validators import MaxValueValidator
from django.db import models
from django.http import QueryDict
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from aiagency.queries import LARGEST_ID

LARGEST_INTEGER = 2**63 - 1
LARGEST_NUMBER = Decimal(10**15)


def whole_number_param(
    query_params: QueryDict, name: str, *, smallest: int = 1, largest: int = LARGEST_ID
) -> int | None:
    """The query parameter `name` as a whole number from `smallest` to `largest`, None when it is
    absent; 400 naming it otherwise (a read of its own, outside any FilterSet)."""
    raw = query_params.get(name)
    if raw is None:
        return None
    field = forms.IntegerField(min_value=smallest, max_value=largest)
    try:
        return field.clean(raw)
    except forms.ValidationError as error:
        raise ValidationError({name: list(error.messages)}) from None


class IntegerFilter(django_filters.NumberFilter):
    """A whole number that fits in a 64-bit column."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", -LARGEST_INTEGER - 1)
        kwargs.setdefault("max_value", LARGEST_INTEGER)
        super().__init__(*args, **kwargs)

    def get_max_validator(self) -> MaxValueValidator | None:
        return None  # `max_value` bounds it


class IdFilter(IntegerFilter):
    """A row id."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST_ID)
        super().__init__(*args, **kwargs)


class NumberFilter(django_filters.NumberFilter):
    """A decimal number, finite and within ±`LARGEST_NUMBER`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", -LARGEST_NUMBER)
        kwargs.setdefault("max_value", LARGEST_NUMBER)
        super().__init__(*args, **kwargs)

    def get_max_validator(self) -> MaxValueValidator | None:
        return None


_INTEGER_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.SmallIntegerField,
    models.IntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
)


class FilterSet(django_filters.FilterSet):
    """The base of every FilterSet of the API (and of those `filterset_fields` makes)."""

    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        **{field: {"filter_class": IntegerFilter} for field in _INTEGER_FIELDS},
        models.DecimalField: {"filter_class": NumberFilter},
        models.FloatField: {"filter_class": NumberFilter},
        # By id, not through a choice field whose lookup would send the number to the database.
        models.ForeignKey: {"filter_class": IdFilter},
        models.OneToOneField: {"filter_class": IdFilter},
    }


class FilterBackend(DjangoFilterBackend):
    filterset_base = FilterSet


class SearchFilter(filters.SearchFilter):
    """DRF's, its refusal of a search term (NUL) naming `search`."""

    def get_search_terms(self, request: Request) -> list[str]:
        try:
            return super().get_search_terms(request)
        except ValidationError as error:
            raise ValidationError({self.search_param: error.detail}) from None
