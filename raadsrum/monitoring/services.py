"""Writes to the statistics store: the standard measures and sources, and loading figures.

Every way figures come in (a fetch from Statistics Denmark or Jobindsats, a downloaded file,
the synthetic demo data) ends in `observations_load`, which validates the rows, keeps
revisions (a changed figure becomes a new row with `revision + 1`; the old one stays with
`is_current = False`) and counts what happened in a `StatisticsLoad`.

The loader streams: rows are read in batches, checked in Python and written with one
`executemany` (COPY on PostgreSQL) per batch. Measures the store held nothing for when the
load began take the fast path (plain inserts); the others are matched against the current
figures with one join per batch through a temporary table, never a query per row.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from raadsrum.core.audit import acting_user, audit_record
from raadsrum.core.errors import ValidationFailed
from raadsrum.monitoring.codes import Areas, period_problem
from raadsrum.monitoring.measures import (
    MEASURES_BY_CODE,
    SOURCES_BY_CODE,
    BreakdownKind,
)
from raadsrum.monitoring.models import Measure, Observation, Source, StatisticsLoad

BATCH = 20_000
# Figures that differ by less than this are the same figure (float round trips).
SAME_VALUE_TOLERANCE = 1e-9

Progress = Callable[[int], None]
"""Called after each batch with the number of rows read so far."""


@dataclass(frozen=True, slots=True)
class ObservationRow:
    """One figure to load. `measure` is a measure code (`measures.MEASURES`); areas and
    periods as the store keeps them (see `measures` and `codes.period_parse`)."""

    measure: str
    area_kind: str
    area_code: str
    period_kind: str
    period_start: dt.date
    value: float
    breakdown_kind: str = ""
    breakdown_value: str = ""
    published_on: dt.date | None = None


# --- Measures and sources ---------------------------------------------------------------------


def measure_ensure(*, code: str) -> Measure:
    """The measure from the standard table (`measures.MEASURES`), created or brought up to date."""
    spec = MEASURES_BY_CODE.get(code)
    if spec is None:
        existing = Measure.objects.filter(code=code).first()
        if existing is None:
            raise ValidationFailed(_("Ukendt måltal '%(code)s'.") % {"code": code})
        return existing
    wanted = {
        "name": spec.name,
        "unit": spec.unit,
        "aggregation": spec.aggregation,
        "description": spec.description,
    }
    measure, created = Measure.objects.get_or_create(code=code, defaults=wanted)
    if not created:
        changed = [field for field, value in wanted.items() if getattr(measure, field) != value]
        if changed:
            for field in changed:
                setattr(measure, field, wanted[field])
            measure.save(update_fields=changed)
    return measure


def measures_ensure() -> dict[str, Measure]:
    """Every standard measure, by code."""
    return {code: measure_ensure(code=code) for code in MEASURES_BY_CODE}


def source_ensure(*, code: str) -> Source:
    """One of the standard sources (`measures.SOURCES`: statbank, jobindsats, file, synthetic)."""
    spec = SOURCES_BY_CODE.get(code)
    if spec is None:
        existing = Source.objects.filter(code=code).first()
        if existing is None:
            raise ValidationFailed(_("Ukendt kilde '%(code)s'.") % {"code": code})
        return existing
    source, _created = Source.objects.get_or_create(
        code=code,
        defaults={"name": spec.name, "url": spec.url, "is_synthetic": spec.is_synthetic},
    )
    return source


# --- Loading -------------------------------------------------------------------------------------

Key = tuple[int, str, str, str, dt.date, str, str]
_COLUMNS = (
    "measure_id",
    "area_kind",
    "area_code",
    "period_kind",
    "period_start",
    "breakdown_kind",
    "breakdown_value",
    "value",
    "source_id",
    "load_id",
    "published_on",
    "revision",
    "is_current",
)
_KEY_TABLE = "monitoring_load_key"
_KEY_COLUMNS = (
    "measure_id",
    "area_kind",
    "area_code",
    "period_kind",
    "period_start",
    "breakdown_kind",
    "breakdown_value",
)


class _Loader:
    """One run of `observations_load`; holds what the batches share."""

    def __init__(self, *, load: StatisticsLoad, source: Source) -> None:
        self.load = load
        self.source = source
        self.areas = Areas()
        self.measure_ids: dict[str, int] = dict(Measure.objects.values_list("code", "id"))
        # (measure id, period kind) → the store held nothing for it when the load began.
        self.fresh: dict[tuple[int, str], bool] = {}
        self.periods_checked: set[tuple[str, dt.date]] = set()
        self.breakdowns = frozenset(BreakdownKind.ALL)
        self.adapt_date = connection.ops.adapt_datefield_value
        self.dates: dict[dt.date | None, Any] = {}
        self.key_table_made = False
        self.new = self.revised = self.unchanged = 0

    # Validation ------------------------------------------------------------------------------

    def _fail(self, number: int, field: str, message: str) -> ValidationFailed:
        return ValidationFailed(
            _("Række %(row)s (%(field)s): %(message)s")
            % {"row": number, "field": field, "message": message}
        )

    def _measure_id(self, code: str, number: int) -> int:
        measure_id = self.measure_ids.get(code)
        if measure_id is None:
            if code not in MEASURES_BY_CODE:
                raise self._fail(number, "measure", _("ukendt måltal '%(v)s'") % {"v": code})
            measure_id = measure_ensure(code=code).pk
            self.measure_ids[code] = measure_id
        return measure_id

    def _explain(self, row: Any, number: int) -> int:
        """The full checks for a row the fast checks did not pass: raise naming the first
        problem, or return its measure id when it was only new to this load (a measure not
        yet created, a period not seen before)."""
        if not isinstance(row, ObservationRow):
            raise self._fail(number, "row", _("er ikke en ObservationRow"))
        measure_id = self._measure_id(row.measure, number)
        known = self.areas.codes.get(row.area_kind)
        if known is None:
            raise self._fail(
                number, "area_kind", _("ukendt områdetype '%(v)s'") % {"v": row.area_kind}
            )
        if row.area_code not in known:
            raise self._fail(
                number,
                "area_code",
                _("ukendt område '%(code)s' (%(kind)s)")
                % {"code": row.area_code, "kind": row.area_kind},
            )
        problem = period_problem(row.period_kind, row.period_start)
        if problem:
            raise self._fail(number, "period", problem)
        self.periods_checked.add((row.period_kind, row.period_start))
        value = row.value
        if (
            not isinstance(value, float | int)
            or isinstance(value, bool)
            or not math.isfinite(value)
        ):
            raise self._fail(
                number, "value", _("skal være et tal, der står '%(v)s'") % {"v": value}
            )
        if row.breakdown_kind:
            if row.breakdown_kind not in self.breakdowns:
                raise self._fail(
                    number,
                    "breakdown_kind",
                    _("ukendt opdeling '%(v)s'") % {"v": row.breakdown_kind},
                )
            if not row.breakdown_value or len(row.breakdown_value) > 100:
                raise self._fail(number, "breakdown_value", _("skal udfyldes (højst 100 tegn)"))
        elif row.breakdown_value:
            raise self._fail(number, "breakdown_kind", _("mangler, når der er en opdeling"))
        if row.published_on is not None and (
            not isinstance(row.published_on, dt.date) or isinstance(row.published_on, dt.datetime)
        ):
            raise self._fail(number, "published_on", _("skal være en dato"))
        return measure_id

    def _is_fresh(self, pair: tuple[int, str]) -> bool:
        fresh = self.fresh.get(pair)
        if fresh is None:
            fresh = not Observation.objects.filter(measure_id=pair[0], period_kind=pair[1]).exists()
            self.fresh[pair] = fresh
        return fresh

    def _date(self, day: dt.date | None) -> Any:
        adapted = self.dates.get(day)
        if adapted is None and day is not None:
            adapted = self.dates[day] = self.adapt_date(day)
        return adapted

    def batch(self, batch: list[Any], first: int) -> None:
        """Check every row of the batch, then write it: one pass, no query per row.

        The hot loop only asks yes/no questions; a row that fails one goes to `_explain`,
        which names the problem (or finds it was only new to this load).
        """
        measure_ids = self.measure_ids
        codes = self.areas.codes
        periods_checked = self.periods_checked
        breakdowns = self.breakdowns
        isfinite = math.isfinite
        numeric = (float, int)
        date_type = dt.date
        fresh_of = self.fresh
        dates = self.dates
        source_id, load_id = self.source.pk, self.load.pk
        seen: set[Key] = set()
        params: list[tuple[Any, ...]] = []
        others: list[tuple[int, Key, ObservationRow]] = []
        for offset, row in enumerate(batch):
            try:
                measure_id = measure_ids[row.measure]
                value = row.value
                breakdown_kind = row.breakdown_kind
                published_on = row.published_on
                ok = (
                    row.area_code in codes[row.area_kind]
                    and (row.period_kind, row.period_start) in periods_checked
                    and type(value) in numeric
                    and isfinite(value)
                    and (
                        (breakdown_kind in breakdowns and 0 < len(row.breakdown_value) <= 100)
                        if breakdown_kind
                        else not row.breakdown_value
                    )
                    and (published_on is None or type(published_on) is date_type)
                )
            except (KeyError, AttributeError, TypeError):
                ok = False
            if not ok:
                measure_id = self._explain(row, first + offset)
            key = (
                measure_id,
                row.area_kind,
                row.area_code,
                row.period_kind,
                row.period_start,
                row.breakdown_kind,
                row.breakdown_value,
            )
            if key in seen:
                raise self._duplicate(first + offset)
            seen.add(key)
            pair = (measure_id, row.period_kind)
            fresh = fresh_of.get(pair)
            if fresh is None:
                fresh = self._is_fresh(pair)
            if not fresh:
                others.append((first + offset, key, row))
                continue
            start = dates.get(row.period_start) or self._date(row.period_start)
            published = (
                None
                if row.published_on is None
                else (dates.get(row.published_on) or self._date(row.published_on))
            )
            params.append(
                (
                    measure_id,
                    row.area_kind,
                    row.area_code,
                    row.period_kind,
                    start,
                    row.breakdown_kind,
                    row.breakdown_value,
                    float(row.value),
                    source_id,
                    load_id,
                    published,
                    0,
                    True,
                )
            )
        self.new += len(params)
        if others:
            params.extend(self._compare(others))
        if params:
            try:
                _insert_rows(Observation._meta.db_table, _COLUMNS, params)
            except IntegrityError as error:
                # Only a figure given twice in one load (in different batches) gets here.
                raise ValidationFailed(
                    _(
                        "Den samme værdi (måltal, område, periode og opdeling) står mere end "
                        "én gang i indlæsningen."
                    )
                ) from error

    def _params(self, key: Key, row: ObservationRow, revision: int) -> tuple[Any, ...]:
        return (
            key[0],
            key[1],
            key[2],
            key[3],
            self._date(key[4]),
            key[5],
            key[6],
            float(row.value),
            self.source.pk,
            self.load.pk,
            self._date(row.published_on),
            revision,
            True,
        )

    def _duplicate(self, number: int) -> ValidationFailed:
        return self._fail(
            number,
            "row",
            _("samme måltal, område, periode og opdeling står allerede tidligere i indlæsningen"),
        )

    def _compare(self, rows: list[tuple[int, Key, ObservationRow]]) -> list[tuple[Any, ...]]:
        """Rows to insert for the figures the store may already hold; marks revised ones old."""
        current = self._current(rows)
        params: list[tuple[Any, ...]] = []
        superseded: list[int] = []
        for position, (number, key, row) in enumerate(rows):
            found = current.get(position)
            if found is None:
                params.append(self._params(key, row, 0))
                self.new += 1
                continue
            observation_id, value, revision, load_id, source_id = found
            if load_id == self.load.pk:
                raise self._duplicate(number)
            # The same figure from another source (a real one over the demo's) is a revision,
            # so the store never credits a figure to a source that did not give it.
            if source_id == self.source.pk and math.isclose(
                value, row.value, rel_tol=1e-12, abs_tol=SAME_VALUE_TOLERANCE
            ):
                self.unchanged += 1
                continue
            superseded.append(observation_id)
            params.append(self._params(key, row, revision + 1))
            self.revised += 1
        for start in range(0, len(superseded), 900):
            Observation.objects.filter(pk__in=superseded[start : start + 900]).update(
                is_current=False
            )
        return params

    def _current(
        self, rows: list[tuple[int, Key, ObservationRow]]
    ) -> dict[int, tuple[int, float, int, int | None, int]]:
        """position → (id, value, revision, load id, source id) of the current figure with the
        same key."""
        quote = connection.ops.quote_name
        table = quote(Observation._meta.db_table)
        with connection.cursor() as cursor:
            if not self.key_table_made:
                cursor.execute(
                    f"CREATE TEMPORARY TABLE IF NOT EXISTS {_KEY_TABLE} ("
                    "pos integer NOT NULL, measure_id bigint NOT NULL, "
                    "area_kind varchar(20) NOT NULL, area_code varchar(40) NOT NULL, "
                    "period_kind varchar(1) NOT NULL, period_start date NOT NULL, "
                    "breakdown_kind varchar(40) NOT NULL, breakdown_value varchar(100) NOT NULL)"
                )
                self.key_table_made = True
            cursor.execute(f"DELETE FROM {_KEY_TABLE}")
        adapt = self._date
        _insert_rows(
            _KEY_TABLE,
            ("pos", *_KEY_COLUMNS),
            [
                (position, key[0], key[1], key[2], key[3], adapt(key[4]), key[5], key[6])
                for position, (_number, key, _row) in enumerate(rows)
            ],
        )
        with connection.cursor() as cursor:
            joins = " AND ".join(f"o.{quote(c)} = k.{c}" for c in _KEY_COLUMNS)
            cursor.execute(
                f"SELECT k.pos, o.id, o.value, o.revision, o.load_id, o.source_id "
                f"FROM {_KEY_TABLE} k JOIN {table} o ON {joins} AND o.is_current = %s",
                [True],
            )
            return {row[0]: tuple(row[1:]) for row in cursor}

    def finish(self) -> None:
        if self.key_table_made:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {_KEY_TABLE}")


def _insert_rows(table: str, columns: tuple[str, ...], params: list[tuple[Any, ...]]) -> None:
    """Insert many rows at once: COPY on PostgreSQL (one round trip), executemany elsewhere."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's cursor wrapper has no COPY; the driver's cursor (psycopg 3) has.
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy,
            ):
                for row in params:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", params)


def _batches(rows: Iterable[ObservationRow], size: int) -> Iterator[list[ObservationRow]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


@transaction.atomic
def observations_load(
    *,
    source: Source,
    rows: Iterable[ObservationRow],
    description: str,
    by: User | AnonymousUser | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH,
) -> StatisticsLoad:
    """Load figures into the store in one transaction, keeping revisions.

    A row whose current figure is the same (and from the same source) is counted unchanged;
    a new key is stored as revision 0; a different figure, or the same figure from another
    source (real figures over the synthetic demo's), becomes revision + 1 and the old row
    stays, no longer current. A bad row (unknown measure, area or period, a value that is
    not a number) stops the load with ValidationFailed naming the row (1-based) and field;
    so does the same key twice in one load. Nothing is written then.
    """
    load = StatisticsLoad.objects.create(
        source=source, description=description[:300], loaded_by=acting_user(by)
    )
    loader = _Loader(load=load, source=source)
    read = 0
    for batch in _batches(rows, batch_size):
        loader.batch(batch, read + 1)
        read += len(batch)
        if progress is not None:
            progress(read)
    loader.finish()
    load.rows_read = read
    load.rows_new = loader.new
    load.rows_revised = loader.revised
    load.rows_unchanged = loader.unchanged
    load.finished_at = timezone.now()
    load.save(
        update_fields=["rows_read", "rows_new", "rows_revised", "rows_unchanged", "finished_at"]
    )
    audit_record(
        actor=by,
        action="statistics.load",
        target=load,
        details={
            "source": source.code,
            "read": read,
            "new": loader.new,
            "revised": loader.revised,
            "unchanged": loader.unchanged,
        },
    )
    return load


def load_summary(load: StatisticsLoad) -> str:
    """'1.234 rækker læst: 1.000 nye, 200 reviderede, 34 uændrede.'"""
    from raadsrum.core.danish import danish_number

    return _(
        "%(read)s rækker læst: %(new)s nye, %(revised)s reviderede, %(unchanged)s uændrede."
    ) % {
        "read": danish_number(load.rows_read),
        "new": danish_number(load.rows_new),
        "revised": danish_number(load.rows_revised),
        "unchanged": danish_number(load.rows_unchanged),
    }
