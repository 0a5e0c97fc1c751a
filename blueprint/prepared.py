"""Queries a reading page runs on every request, built by the ORM once per process.

Django builds and compiles a queryset's SQL each time it is evaluated. For the small queries of
a node page that costs ~0.3–0.5 ms each, while the database answers in ~0.03 ms. A
`PreparedQuery` asks the ORM for the SQL once per database and shape, with sample values, and
then each run only puts the values in, executes, and turns the rows into what the queryset
would have given: model instances (with annotations and deferred fields) or `values_list`
tuples, through the same converters. The queryset stays the one description of the query.

    examples_of = PreparedQuery(
        lambda staff, node_id: Example.objects.filter(nodes=node_id).visible_to_staff(staff),
        node_id=-918_273_645,  # a sample: it marks where the value goes in the SQL
    )
    examples = examples_of(request.user.is_staff, node_id=node.pk)

`run_together` runs several in one round trip to PostgreSQL (psycopg's pipeline mode, with
libpq 14 or later; otherwise, and on SQLite, one after another): each query still goes through
Django's cursor (logged, wrapped, errors translated), but the database gets them all at once
instead of the page waiting for each answer.

    cohorts, examples = run_together(cohorts_of.bind(node_id=pk), examples_of.bind(False, node_id=pk))

On PostgreSQL each query is also a prepared statement of the connection (`statement_cursor`):
the server parses and plans it once, then only executes it. Planning was most of what
PostgreSQL spent on a node page (~1.5 ms of its CPU a page, ~0.5 ms prepared).

Positional arguments choose the query's shape (a different SQL text); keyword arguments are
values. Samples must be values the query cannot otherwise contain. Anything else `build` reads
(settings, for instance) is read once, when the shape is first built. Querysets with
`select_related`, `values()` dicts or values from a related manager are refused: the rows
would need more than this does.
"""

from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import ModelIterable, ValuesListIterable


class PreparedQuery:
    def __init__(self, build, **samples):
        self.build = build
        self.samples = samples
        self._compiled = {}

    def __call__(self, *shape, using=DEFAULT_DB_ALIAS, **values):
        """The rows, as a list."""
        return run_together(self.bind(*shape, using=using, **values))[0]

    def bind(self, *shape, using=DEFAULT_DB_ALIAS, **values):
        """This query with its values, to give `run_together`."""
        if values.keys() != self.samples.keys():
            raise TypeError(f"expected the values {sorted(self.samples)}, got {sorted(values)}")
        key = (using, *shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = _Compiled(self.build(*shape, **self.samples), using, self.samples)
        return compiled, values


def run_together(*bound):
    """The rows of each bound query, in order; one round trip on PostgreSQL."""
    using = {compiled.using for compiled, _ in bound}
    if len(using) != 1:
        raise ValueError("queries run together must use one database")
    connection = connections[using.pop()]
    if len(bound) == 1 or not _pipelines(connection):
        rows = []
        for compiled, values in bound:
            with compiled.send(connection, values) as cursor:
                rows.append(compiled.receive(cursor))
        return rows
    cursors = []
    try:
        connection.ensure_connection()
        with connection.wrap_database_errors, connection.connection.pipeline():
            for compiled, values in bound:
                cursors.append(compiled.send(connection, values))
        with connection.wrap_database_errors:
            return [compiled.receive(cursor) for (compiled, _), cursor in zip(bound, cursors)]
    finally:
        for cursor in cursors:
            cursor.close()


def statement_cursor(connection):
    """`connection.cursor()`, except that on PostgreSQL every statement run through it is
    prepared on the server once per connection (by psycopg, which keeps them) and afterwards
    only executed, with its values sent apart from the SQL.

    `DATABASE_PREPARED_STATEMENTS=false` (for a connection pooler that cannot keep them) turns
    this off: the statements are then sent whole each time. Use it only for SQL whose text is
    the same on every run, or each text becomes a statement of its own.
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    # What connection.cursor() does, with a cursor that binds on the server and prepares.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_preparing_cursor_class()(connection.connection))


@cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparingCursor


def _pipelines(connection):
    """Whether the connection can pipeline: PostgreSQL through a libpq of version 14 or later."""
    return connection.vendor == "postgresql" and _libpq_pipelines()


@cache
def _libpq_pipelines():
    import psycopg  # only where PostgreSQL is used

    return psycopg.Pipeline.is_supported()


class _Compiled:
    def __init__(self, queryset, using, samples):
        if queryset._known_related_objects or queryset._prefetch_related_lookups:
            raise TypeError("a PreparedQuery cannot keep related objects: build it from the model's manager")
        self.using = using
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        self.sql = sql
        self.params = list(params)
        self.positions = []
        for name, sample in samples.items():
            found = [i for i, param in enumerate(self.params) if type(param) is type(sample) and param == sample]
            if not found:
                raise ValueError(f"the sample {name}={sample!r} is not among the query's parameters: {sql}")
            self.positions.append((name, found))
        self.col_count = compiler.col_count
        self.converters = compiler.get_converters([column for column, _, _ in compiler.select[: self.col_count]])
        self.compiler = compiler
        if queryset._iterable_class is ValuesListIterable:
            query = queryset.query
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
            if list(queryset._fields) != names:
                raise TypeError("a PreparedQuery gives values_list() columns only in the query's own order")
            self.make = tuple
        elif queryset._iterable_class is ModelIterable:
            klass_info = compiler.klass_info
            if klass_info.get("related_klass_infos"):
                raise TypeError("a PreparedQuery does not follow select_related()")
            fields = klass_info["select_fields"]
            self.model_slice = slice(fields[0], fields[-1] + 1)
            self.init_list = [column[0].target.attname for column in compiler.select[self.model_slice]]
            self.model = klass_info["model"]
            self.annotations = list(compiler.annotation_col_map.items())
            self.make = self.instance
        else:
            raise TypeError("a PreparedQuery gives model instances or values_list() tuples")

    def send(self, connection, values):
        params = list(self.params)
        for name, found in self.positions:
            for position in found:
                params[position] = values[name]
        cursor = statement_cursor(connection)
        cursor.execute(self.sql, params)
        return cursor

    def receive(self, cursor):
        rows = cursor.fetchall()
        if self.col_count != len(self.compiler.select) or (rows and len(rows[0]) != self.col_count):
            rows = [row[: self.col_count] for row in rows]
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        return [self.make(row) for row in rows]

    def instance(self, row):
        obj = self.model.from_db(self.using, self.init_list, row[self.model_slice])
        for name, position in self.annotations:
            setattr(obj, name, row[position])
        return obj
