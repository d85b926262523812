"""Queries compiled once per process, for the few that every generation request makes.

Turning a queryset into SQL costs Django more than PostgreSQL takes to answer a small query:
of the 0.6 ms the generation API spent reading a template with its workspace and current
version, 0.4 went to building and compiling the queryset, the same every time but for the id.
`CompiledQuery` builds and compiles it on first use and afterwards only runs its SQL with the
new values, making the model instances (related objects and annotations included) as a
queryset would. `CompiledUpdate` does the same for a conditional UPDATE (0.45 → 0.23 ms for
the one that records a generation's outcome).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import connections, router
from django.db.models import Model, Q, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql import UpdateQuery
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)
LARGEST_ID = 2**63 - 1  # of a BigAutoField


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
        positions = compiler.klass_info["select_fields"]
        first, end = positions[0], positions[-1] + 1
        return cls(
            sql=sql,
            compiler=compiler,
            columns=[column[0].target.attname for column in compiler.select[first:end]],
            first=first,
            populators=get_related_populators(compiler.klass_info, compiler.select, db),
            annotations=compiler.annotation_col_map or {},
        )


class CompiledQuery(Generic[M]):
    """`build(*values)` compiled once per database and then run with other `values`.

    `build` must return a queryset of `model` whose SQL takes exactly `values` as its
    parameters, in order (no lists, which change the SQL with their length; no prefetching):
    the first call checks that, and refuses a query that does not. Values must be of the
    columns' own types (an `int` for an integer id), as the queryset would have converted them.
    """

    def __init__(self, model: type[M], build: Callable[..., QuerySet[M]]) -> None:
        self.model = model
        self.build = build
        self._compiled: dict[str, _Compiled] = {}

    def __call__(self, *values: Any) -> list[M]:
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


class CompiledUpdate(Generic[M]):
    """`model.objects.filter(<where>).update(**fields)`, compiled once per database and set of
    fields: `update((value, ...), field=value, ...)` with a value for each of the `where` lookups.

    Field values are plain (no expressions or model instances): each is converted by its field
    for the database, as the queryset would. A field set to None is written as a literal NULL by
    Django, so the fields that are None are part of what is compiled. The `where` values must be
    of their columns' own types.
    """

    def __init__(self, model: type[M], *where: str) -> None:
        self.model = model
        self.where = where
        self._sql: dict[tuple[Any, ...], str] = {}

    def __call__(self, where_values: Sequence[Any], /, **fields: Any) -> int:
        """The number of rows updated."""
        for name, value in fields.items():
            if hasattr(value, "resolve_expression") or hasattr(value, "prepare_database_save"):
                raise ValueError(f"{name}: only plain values are compiled, not {value!r}.")
        db = router.db_for_write(self.model)
        connection = connections[db]
        shape = (db, *((name, value is None) for name, value in fields.items()))
        sql = self._sql.get(shape) or self._compile(shape, db, where_values, fields)
        params = [
            self.model._meta.get_field(name).get_db_prep_save(value, connection=connection)
            for name, value in fields.items()
            if value is not None
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *where_values])
            return cursor.rowcount

    def _compile(
        self, shape: tuple[Any, ...], db: str, where_values: Sequence[Any], fields: dict[str, Any]
    ) -> str:
        lookups = zip(self.where, where_values, strict=True)  # in order: Django sorts keywords
        queryset = self.model._default_manager.filter(
            *(Q(**{name: value}) for name, value in lookups)
        )
        query = queryset.query.chain(UpdateQuery)
        query.add_update_values(fields)
        sql, params = query.get_compiler(db).as_sql()
        written = sum(value is not None for value in fields.values())
        if len(params) != written + len(where_values) or list(params[written:]) != list(
            where_values
        ):
            raise ValueError(f"The update's parameters are {params!r}: not as expected.")
        self._sql[shape] = sql
        return sql
