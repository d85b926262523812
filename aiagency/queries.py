"""Queries compiled once per process, for the few that every generation request makes.

Turning a queryset into SQL costs Django more than PostgreSQL takes to answer a small query:
of the 0.6 ms the generation API spent reading a template with its workspace and current
version, 0.4 went to building and compiling the queryset, the same every time but for the id.
`CompiledQuery` builds and compiles it on first use and afterwards only runs its SQL with the
new values, making the model instances (related objects and annotations included) as a
queryset would.

It leans on Django internals (`get_related_populators`, the compiler's `klass_info`), which
change between releases: `get_related_populators` takes other arguments in Django 6. So it
compiles only on the Django release it was written for (`COMPILED_FOR`) and, on any other,
runs the plain queryset (logged once at start-up), until someone checks it against the new one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import django
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)
LARGEST_ID = 2**63 - 1  # of a BigAutoField
COMPILED_FOR = (5, 2)  # the Django release whose internals `CompiledQuery` was checked against

logger = logging.getLogger(__name__)


def compiles_on(version: tuple[Any, ...]) -> bool:
    """Whether `CompiledQuery` compiles on Django `version` (as `django.VERSION` gives it)."""
    return tuple(version[:2]) == COMPILED_FOR


COMPILES = compiles_on(django.VERSION)
if not COMPILES:
    logger.warning(
        "aiagency.queries was written for Django %s.%s; on Django %s its queries run as plain "
        "querysets, uncompiled.",
        *COMPILED_FOR,
        django.get_version(),
    )


def as_id(value: object) -> int | None:
    """`value` (an int, or a string of one) as a row id; None when no row can have it (zero,
    negative, past 64 bits). Raises TypeError or ValueError when it is no integer at all."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"An id is an integer, not {type(value).__name__}.")
    number = int(value)
    return number if 0 < number <= LARGEST_ID else None


@dataclass(frozen=True)
class _Compiled:
    """What Django's `ModelIterable` works out from a compiled query, kept."""

    sql: str
    compiler: SQLCompiler
    columns: list[str]  # the main model's attribute names, in row order
    first: int  # where the main model's columns start in a row
    populators: list[Any]  # one per select_related object
    annotations: dict[str, int]  # annotation name: position in the row

    @classmethod
    def of(cls, compiler: SQLCompiler, sql: str, db: str) -> _Compiled:
        # Imported here, on the checked release only: another one may have changed or removed it.
        from django.db.models.query import get_related_populators

        positions = compiler.klass_info["select_fields"]
        first, end = positions[0], positions[-1] + 1
        return cls(
            sql=sql,
            compiler=compiler,
            columns=[column[0].target.attname for column in compiler.select[first:end]],
            first=first,
            # The stubs are Django 6's, whose version takes a `fetch_mode` too.
            populators=get_related_populators(  # type: ignore[call-arg]
                compiler.klass_info, compiler.select, db
            ),
            annotations=compiler.annotation_col_map or {},
        )


class CompiledQuery(Generic[M]):
    """`build(*values)` compiled once per database and then run with other `values`.

    `build` must return a queryset of `model` whose SQL takes exactly `values` as its
    parameters, in order (no lists, which change the SQL with their length; no prefetching):
    the first call checks that, and refuses a query that does not. Values must be of the
    columns' own types (an `int` for an integer id), as the queryset would have converted them.
    On a Django release other than `COMPILED_FOR` it runs `build(*values)` as a queryset.
    """

    def __init__(self, model: type[M], build: Callable[..., QuerySet[M]]) -> None:
        self.model = model
        self.build = build
        self._compiled: dict[str, _Compiled] = {}

    def __call__(self, *values: Any) -> list[M]:
        if not COMPILES:
            return list(self.build(*values))
        db = router.db_for_read(self.model)
        compiled = self._compiled.get(db) or self._compile(db, values)
        with connections[db].cursor() as cursor:
            cursor.execute(compiled.sql, values)
            rows = cursor.fetchall()
        return [self._instance(compiled, db, row) for row in compiled.compiler.results_iter([rows])]

    def _compile(self, db: str, values: tuple[Any, ...]) -> _Compiled:
        compiler = self.build(*values).query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        if list(params) != list(values):
            raise ValueError(f"The query's parameters are {params!r}, not the values {values!r}.")
        self._compiled[db] = compiled = _Compiled.of(compiler, sql, db)
        return compiled

    def _instance(self, compiled: _Compiled, db: str, row: Any) -> M:
        end = compiled.first + len(compiled.columns)
        instance = self.model.from_db(db, compiled.columns, row[compiled.first : end])
        for populator in compiled.populators:
            populator.populate(row, instance)
        for name, position in compiled.annotations.items():
            setattr(instance, name, row[position])
        return instance
