"""What the project's serializers share."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class FieldsBuiltOnce:
    """A serializer whose fields are built once per class rather than on every instantiation.

    A `ModelSerializer` derives its fields from the model each time it is instantiated (0.6 ms
    for thirty fields), and a plain `Serializer` deep-copies its declared ones. Here each
    instance binds shallow copies of fields built the first time. Only for flat serializers: a
    nested serializer's own fields would be shared by the copies.
    """

    _fields_built_once: dict[str, serializers.Field] | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._fields_built_once = None  # each class builds its own

    def get_fields(self) -> dict[str, serializers.Field]:
        cls = type(self)
        if cls._fields_built_once is None:
            # A mixin: `super()` is the serializer class it goes into.
            built = super().get_fields()  # type: ignore[misc]
            nested = [
                name
                for name, field in built.items()
                if isinstance(field, serializers.BaseSerializer)
            ]
            if nested:
                raise TypeError(f"{cls.__name__}: nested serializers {nested} cannot be shared")
            cls._fields_built_once = built
        return {name: _shallow_copy(field) for name, field in cls._fields_built_once.items()}


# What `copy.copy` makes (a new instance with the same `__dict__`), without its generic
# `__reduce_ex__` round: 17 against 66 µs for `GenerationSerializer`'s 37 fields. (Not in the
# class's docstring: drf-spectacular shows it as the description of a serializer that has none.)
def _shallow_copy(field: serializers.Field) -> serializers.Field:
    copied = object.__new__(type(field))
    copied.__dict__.update(field.__dict__)
    return copied
