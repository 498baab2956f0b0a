"""The combined tables of a results folder, written from the stored runs in constant memory.

Each combined table (``metrics.parquet``, ``hires.parquet``, ..., ``runs.parquet``) is one
Parquet file holding the rows of every stored run, in plan order.  It is written by streaming:
the runs' files are read one at a time (each checked against its checksum), given the table's
common schema and appended to a :class:`pyarrow.parquet.ParquetWriter`, so memory holds one
run and a write buffer of about :data:`GROUP_ROWS` rows, however many runs a sweep has.  The
new tables replace the old ones together, once every one is written: a run that cannot be read
leaves the folder's tables as they were.
A row group never splits a run, and its statistics let a reader skip the others:
``pd.read_parquet(path, filters=[("point", "==", 3)])`` reads only point 3's row groups.

pyarrow, not DuckDB: pyarrow is already needed (pandas reads and writes Parquet through it),
its writer streams, and DuckDB would add a large dependency for the same files.  The files
are plain Parquet: pandas, polars, DuckDB and Arrow read them directly.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from tiesim.errors import TiesimError, shorten
from tiesim.files import replacing
from tiesim.runner.plan import RunSpec
from tiesim.runner.store import RUN_TABLES, ResultsFolder, unreadable

#: The combined table holding each per-run table's rows (a run's ``summary`` row is in ``runs``).
COMBINED_NAME = {name: "runs" if name == "summary" else name for name in RUN_TABLES}
GROUP_ROWS = 1 << 17  # rows buffered before a row group is written
CSV_ROWS = 1 << 16  # rows converted to pandas at a time when writing CSV

Visitor = Callable[[pa.Table], None]


def combine_runs(
    folder: ResultsFolder,
    specs: Sequence[RunSpec],
    *,
    visit: dict[str, Visitor] | None = None,
) -> dict[str, int]:
    """Write every combined table of ``folder`` from its stored runs; return their row counts.

    Parameters
    ----------
    folder : ResultsFolder
        The results folder; its tables are written next to ``runs/``, each atomically.
    specs : sequence of RunSpec
        The plan: runs are combined in this order, and runs not stored are left out.
    visit : dict, optional
        ``{table: function}``: each stored run's table (as read, before it is given the
        combined schema) is passed to the function, so a caller can compute what it needs
        on the way (e.g. means per step) without reading the files again.

    Raises
    ------
    TiesimError
        If a stored file is missing, fails its checksum or cannot be read.
    """
    visit = visit or {}
    done = folder.completed()
    stored = [s.run_id for s in specs if s.run_id in done]
    rows = {}
    with ExitStack() as renames:  # every table is renamed into place only if all were written
        for name in RUN_TABLES:
            run_ids = [r for r in stored if name in folder.stored_tables(r)]
            tmp = renames.enter_context(replacing(folder.path / f"{COMBINED_NAME[name]}.parquet"))
            rows[COMBINED_NAME[name]] = _write_combined(folder, run_ids, name, tmp, visit.get(name))
    return rows


def _write_combined(
    folder: ResultsFolder, run_ids: list[str], name: str, path: Path, visit: Visitor | None
) -> int:
    """Write the runs' tables ``name`` into one Parquet file at ``path``; return its rows."""
    schema = common_schema(folder, run_ids, name)
    total, buffer, buffered = 0, [], 0
    with pq.ParquetWriter(path, schema) as writer:
        for table in _run_tables(folder, run_ids, name):
            table = conform(table, schema)
            if visit is not None:
                visit(table)
            if not table.num_rows:
                continue
            buffer.append(table)
            buffered += table.num_rows
            if buffered >= GROUP_ROWS:
                writer.write_table(pa.concat_tables(buffer), row_group_size=buffered)
                total, buffer, buffered = total + buffered, [], 0
        if buffer:
            writer.write_table(pa.concat_tables(buffer), row_group_size=buffered)
            total += buffered
    return total


def _run_tables(folder: ResultsFolder, run_ids: list[str], name: str) -> Iterator[pa.Table]:
    """Each run's table ``name``, read whole from bytes checked against its checksum."""
    for run_id in run_ids:
        path = folder.runs / run_id / f"{name}.parquet"
        data = folder.checked_bytes(run_id, name, keep=False)
        try:
            table = pq.read_table(io.BytesIO(data))
            _ = table.schema.pandas_metadata  # parsed here: broken metadata is this run's error
        except (OSError, ValueError, pa.ArrowException) as exc:
            raise unreadable(path, path.parent, exc) from None
        yield table


def common_schema(folder: ResultsFolder, run_ids: list[str], name: str) -> pa.Schema:
    """The schema the runs' tables ``name`` share, widened as :func:`pandas.concat` widens.

    Columns come in the order of the run with the most of them when it has them all (so a
    column a later tiesim added stays in its place), else in the order they first appear, as
    :func:`~tiesim.runner.store.concat` orders them; a column whose type differs between runs
    takes the wider type (integers and floats give floats), and an integer column some runs
    lack (or hold only nulls in) becomes a float column, as pandas fills the gaps with NaN.
    Runs with no rows do not count (their column types carry no information) unless every run
    is empty.  Only the files' footers are read here; their checksums are checked when the rows
    are read.

    Raises
    ------
    TiesimError
        If a file cannot be read, or a column's types in two runs have no common type.
    """
    schemas, empty = [], []
    for run_id in run_ids:
        path = folder.runs / run_id / f"{name}.parquet"
        try:
            meta = pq.read_metadata(path)
        except (OSError, ValueError, pa.ArrowException) as exc:
            raise unreadable(path, path.parent, exc) from None
        schema = meta.schema.to_arrow_schema().remove_metadata()
        (schemas if meta.num_rows else empty).append(schema)
    chosen = schemas or empty[:1]
    if not chosen:
        return pa.schema([])
    try:
        schema = pa.unify_schemas(chosen, promote_options="permissive")
    except (pa.ArrowException, TypeError) as exc:
        raise TiesimError(
            f"the runs' {name} tables cannot be combined: {shorten(str(exc))}; a swept value "
            f"may have a different type at different points"
        ) from None
    widest = max(chosen, key=len)
    if len(widest) == len(schema):  # as store.concat: later columns in their usual place
        schema = pa.schema([schema.field(name) for name in widest.names])
    gaps = {
        field.name
        for one in chosen
        for field in schema
        if field.name not in one.names or pa.types.is_null(one.field(field.name).type)
    }
    return pa.schema(
        [
            field.with_type(pa.float64())
            if field.name in gaps and pa.types.is_integer(field.type)
            else field
            for field in schema
        ]
    )


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with exactly ``schema``'s columns and types (a missing column is all null)."""
    columns = []
    for field in schema:
        if field.name in table.column_names:
            column = table.column(field.name)
            columns.append(column if column.type == field.type else column.cast(field.type))
        else:
            columns.append(pa.nulls(table.num_rows, field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def write_csv_copy(parquet: Path, csv: Path) -> None:
    """Write a combined table's CSV copy from its Parquet file, a slice at a time."""
    source = pq.ParquetFile(parquet)
    with replacing(csv) as tmp, open(tmp, "w", encoding="utf-8", newline="") as out:
        first = True
        for batch in source.iter_batches(batch_size=CSV_ROWS):
            frame = pa.Table.from_batches([batch]).to_pandas()
            frame.to_csv(out, index=False, header=first)
            first = False
        if first:  # no rows: the header alone
            source.schema_arrow.empty_table().to_pandas().to_csv(out, index=False)
