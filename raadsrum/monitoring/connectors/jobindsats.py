"""Jobindsats' API (STAR; `JOBINDSATS_URL`, https://api.jobindsats.dk/v2).

Every call carries the personal API key (`JOBINDSATS_TOKEN`) in the `Authorization` header.
`/tables/{id}/json` lists a data set's periods; `/data/{id}/json` takes a JSON body
(`area`, `period` and the data set's own selections) and answers with a list holding one
object: `Variables` (each with a `Label`) and `Data` (one list of cells per row, in the
order of the variables). Areas are written by name (`Hele landet`, `Aalborg`,
`Region Nordjylland`); areas we do not keep (job-centre groups, old RAR areas) are skipped
and counted. Periods: `2025M09`, `2025Q3`, `2025`, and the benchmark's rolling years
`2025QMAT02` (the year up to and including Q2 2025, stored at that quarter).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from raadsrum.core.errors import ValidationFailed
from raadsrum.core.tabular import danish_numeral
from raadsrum.monitoring.codes import Areas, period_parse
from raadsrum.monitoring.connectors import Opener, UpstreamFormatError, fetch, urlopen_read
from raadsrum.monitoring.measures import BreakdownKind
from raadsrum.monitoring.models import PeriodKind
from raadsrum.monitoring.services import ObservationRow

SOURCE_NAME = "Jobindsats"
AREA_LABELS = ("område", "area")
PERIOD_LABELS = ("periode", "period")
MISSING = {"", "-", "..", "*", "x"}
_ROLLING = re.compile(r"(\d{4})QMAT0?([1-4])", re.IGNORECASE)


@dataclass(frozen=True)
class JobindsatsDataset:
    id: str
    title: str
    # Label of a measure column → our measure code.
    measures: dict[str, str]
    # The period kind to ask for (M or Q).
    period_kind: str
    # (label of the column, breakdown kind, labels meaning "all"): each other value a breakdown.
    breakdown: tuple[str, str, tuple[str, ...]] | None = None
    # The data set's own selections in the request body, e.g. {"_ygrp_y30r21": ["*"]}.
    selections: dict[str, list[str]] = field(default_factory=dict)


DATASETS: tuple[JobindsatsDataset, ...] = (
    JobindsatsDataset(
        id="y30r21",
        title="Benchmark: forventet og faktisk offentlig forsørgelse (jobcentrenes resultatmål)",
        measures={
            "Forventet antal": "public_benefits_expected_full_time",
            "Faktisk antal": "public_benefits_full_time",
            "Forventet andel (pct.)": "public_benefits_expected_share",
            "Faktisk andel (pct.)": "public_benefits_share",
        },
        period_kind=PeriodKind.QUARTER,
        breakdown=("Ydelsesgrupper", BreakdownKind.BENEFIT, ("Ydelsesgrupper i alt", "I alt")),
        selections={"_ygrp_y30r21": ["*"]},
    ),
    JobindsatsDataset(
        id="y01a02",
        title="Fuldtidspersoner på offentlig forsørgelse efter ydelsesgrupper",
        measures={"Fuldtidspersoner": "public_benefits_full_time"},
        period_kind=PeriodKind.MONTH,
        breakdown=("Ydelsesgrupper", BreakdownKind.BENEFIT, ("Ydelsesgrupper i alt", "I alt")),
        selections={"_ygrp_y01a02": ["*"]},
    ),
    JobindsatsDataset(
        id="y13a01",
        title="Jobordrer: antal, stillinger, formidlings- og besættelsesgrad",
        measures={
            "Jobordrer": "job_orders",
            "Stillinger": "job_order_positions",
            "Formidlingsgrad (pct.)": "job_order_placement_rate",
            "Besættelsesgrad (pct.)": "job_order_fill_rate",
        },
        period_kind=PeriodKind.MONTH,
    ),
)
DATASETS_BY_ID = {dataset.id: dataset for dataset in DATASETS}


@dataclass
class Parsed:
    rows: list[ObservationRow] = field(default_factory=list)
    missing: int = 0  # cells Jobindsats does not show (discretion, no data)
    skipped_areas: set[str] = field(default_factory=set)


def _format_error(field_name: str, message: str) -> UpstreamFormatError:
    return UpstreamFormatError(SOURCE_NAME, field_name, message)


def _label(text: object) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().lower()


def period_parse_jobindsats(text: str) -> tuple[str, dt.date]:
    """'2025M09', '2025Q3', '2025', '2025QMAT02' → (kind, first day); ValueError otherwise."""
    rolling = _ROLLING.fullmatch(text.strip())
    if rolling:
        return PeriodKind.QUARTER, dt.date(int(rolling[1]), 3 * int(rolling[2]) - 2, 1)
    return period_parse(text)


def _json(content: bytes | str | Any, what: str) -> Any:
    if not isinstance(content, bytes | str):
        return content
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError):
        raise _format_error(what, _("svaret er ikke gyldig JSON")) from None


def _first_object(data: Any, what: str) -> dict[str, Any]:
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return data[0]
    if isinstance(data, dict):
        return data
    raise _format_error(what, _("svaret er ikke en liste med ét objekt"))


def parse_periods(content: bytes | str | Any) -> list[str]:
    """The periods in a /tables/{id}/json answer."""
    table = _first_object(_json(content, "tables"), "tables")
    periods = table.get("Period")
    if not isinstance(periods, list) or not all(isinstance(p, str) for p in periods):
        raise _format_error("Period", _("listen over perioder mangler"))
    return periods


def _number(raw: object, where: str, label: str) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise _format_error(
            label, _("%(where)s: '%(v)s' er ikke et tal") % {"where": where, "v": raw}
        )
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        text = str(raw).strip().replace(" ", "")
        if text.lower() in MISSING:
            return None
        text = danish_numeral(text)
        try:
            number = float(text)
        except ValueError:
            raise _format_error(
                label, _("%(where)s: '%(v)s' er ikke et tal") % {"where": where, "v": raw}
            ) from None
    if not math.isfinite(number):
        raise _format_error(
            label, _("%(where)s: '%(v)s' er ikke et tal") % {"where": where, "v": raw}
        )
    return number


def parse_data(
    content: bytes | str | Any,
    dataset: JobindsatsDataset,
    *,
    areas: Areas,
    published_on: dt.date | None = None,
) -> Parsed:
    """A /data/{id}/json answer as ObservationRows."""
    table = _first_object(_json(content, "data"), "data")
    variables = table.get("Variables")
    rows = table.get("Data")
    if not isinstance(variables, list) or not variables:
        raise _format_error("Variables", _("listen over variable mangler"))
    if not isinstance(rows, list):
        raise _format_error("Data", _("dataene mangler"))
    labels: list[str] = []
    for number, variable in enumerate(variables, start=1):
        label = variable.get("Label") if isinstance(variable, dict) else variable
        if not isinstance(label, str) or not label.strip():
            raise _format_error(
                "Variables.Label", _("variabel nr. %(n)s har ingen Label") % {"n": number}
            )
        labels.append(_label(label))

    def position(candidates: Iterable[str], shown: str) -> int:
        for candidate in candidates:
            if _label(candidate) in labels:
                return labels.index(_label(candidate))
        raise _format_error(
            shown,
            _("variablen %(v)s mangler i svaret (variable: %(all)s)")
            % {"v": shown, "all": ", ".join(labels)},
        )

    area_at = position(AREA_LABELS, "Område")
    period_at = position(PERIOD_LABELS, "Periode")
    breakdown_at = None
    totals: set[str] = set()
    if dataset.breakdown:
        breakdown_at = position([dataset.breakdown[0]], dataset.breakdown[0])
        totals = {_label(total) for total in dataset.breakdown[2]}
    measure_at = {
        label: (position([label], label), code) for label, code in dataset.measures.items()
    }

    parsed = Parsed()
    area_cache: dict[str, tuple[str, str] | None] = {}
    period_cache: dict[str, tuple[str, dt.date]] = {}
    for number, line in enumerate(rows, start=1):
        if not isinstance(line, list) or len(line) != len(labels):
            raise _format_error(
                "Data",
                _("række %(n)s har ikke %(want)s felter") % {"n": number, "want": len(labels)},
            )
        area_text = str(line[area_at]).strip()
        if area_text not in area_cache:
            try:
                area_cache[area_text] = areas.resolve(area_text)
            except ValueError:
                area_cache[area_text] = None
        area = area_cache[area_text]
        if area is None:
            parsed.skipped_areas.add(area_text)
            continue
        period_text = str(line[period_at]).strip()
        if period_text not in period_cache:
            try:
                period_cache[period_text] = period_parse_jobindsats(period_text)
            except ValueError:
                raise _format_error(
                    "Periode",
                    _("række %(n)s: ukendt periode '%(v)s'") % {"n": number, "v": period_text},
                ) from None
        period_kind, period_start = period_cache[period_text]
        kind, value_label = "", ""
        if breakdown_at is not None and dataset.breakdown:
            text = str(line[breakdown_at]).strip()
            if _label(text) not in totals:
                kind, value_label = dataset.breakdown[1], text
        for label, (at, measure) in measure_at.items():
            value = _number(line[at], _("række %(n)s") % {"n": number}, label)
            if value is None:
                parsed.missing += 1
                continue
            parsed.rows.append(
                ObservationRow(
                    measure=measure,
                    area_kind=area[0],
                    area_code=area[1],
                    period_kind=period_kind,
                    period_start=period_start,
                    value=value,
                    breakdown_kind=kind,
                    breakdown_value=value_label,
                    published_on=published_on,
                )
            )
    return parsed


class JobindsatsClient:
    def __init__(
        self,
        *,
        base_url: str | None = None,
        token: str | None = None,
        opener: Opener | None = None,
        timeout: float | None = None,
    ) -> None:
        self.base_url = (base_url or settings.JOBINDSATS_URL).rstrip("/")
        self.token = token if token is not None else settings.JOBINDSATS_TOKEN
        self.opener = opener or urlopen_read
        self.timeout = timeout if timeout is not None else settings.STATISTICS_FETCH_TIMEOUT

    def request(self, path: str, body: dict[str, Any] | None = None) -> urllib.request.Request:
        if not self.token:
            raise ValidationFailed(
                _("Jobindsats kræver en API-nøgle: sæt JOBINDSATS_TOKEN (se .env.example).")
            )
        headers = {"Authorization": self.token, "Accept": "application/json"}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode("utf-8")
        return urllib.request.Request(
            f"{self.base_url}/{path}",
            data=data,
            headers=headers,
            method="POST" if body is not None else "GET",
        )

    def _call(self, path: str, body: dict[str, Any] | None = None) -> bytes:
        return fetch(
            self.request(path, body), source=SOURCE_NAME, opener=self.opener, timeout=self.timeout
        )

    def periods(self, dataset: JobindsatsDataset) -> list[str]:
        return parse_periods(self._call(f"tables/{dataset.id}/json"))

    def data_body(self, dataset: JobindsatsDataset, periods: list[str]) -> dict[str, Any]:
        return {"area": "*", "period": periods, **dataset.selections}

    def fetch_dataset(self, dataset: JobindsatsDataset, *, areas: Areas, since: dt.date) -> Parsed:
        """The data set's periods from `since`, parsed. Jobindsats gives no publication date."""
        wanted = []
        for code in self.periods(dataset):
            try:
                kind, start = period_parse_jobindsats(code)
            except ValueError:
                continue  # other period kinds the data set also offers
            if kind == dataset.period_kind and start >= since:
                wanted.append(code)
        if not wanted:
            return Parsed()
        content = self._call(f"data/{dataset.id}/json", self.data_body(dataset, wanted))
        return parse_data(content, dataset, areas=areas)


def jobindsats_fetch(
    *,
    since: dt.date,
    datasets: Iterable[JobindsatsDataset] = DATASETS,
    client: JobindsatsClient | None = None,
    areas: Areas | None = None,
    on_dataset: Callable[[JobindsatsDataset, Parsed], None] | None = None,
) -> list[tuple[JobindsatsDataset, Parsed]]:
    """Fetch and parse every data set; nothing is written (see services.observations_load)."""
    client = client or JobindsatsClient()
    areas = areas or Areas()
    out = []
    for dataset in datasets:
        parsed = client.fetch_dataset(dataset, areas=areas, since=since)
        if on_dataset is not None:
            on_dataset(dataset, parsed)
        out.append((dataset, parsed))
    return out
