"""`raadsrum fetch-statistics`: fetch labour-market figures into the statistics store.

Without `--file` it fetches from Statistics Denmark's StatBank (registered unemployment and
employment by municipality and month) and Jobindsats (public benefits, the job-centre
benchmark, job orders; only when JOBINDSATS_TOKEN is set), from `--from` (default: January
five years back). With `--file PATH --format statbank-csv|jobindsats|long` it imports a file
downloaded from those sites instead. Everything is fetched and parsed first and then loaded
in one transaction, so a missing network, an unknown format or a bad row changes nothing.
Progress goes to standard error, a Danish summary to standard output.
Exit codes: 0 loaded, 1 no connection, a changed format or a bad file, 2 usage.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from raadsrum.core.danish import danish_number
from raadsrum.core.errors import RaadsrumError
from raadsrum.core.tabular import ImportRejected
from raadsrum.councils.models import Municipality
from raadsrum.monitoring.codes import Areas
from raadsrum.monitoring.connectors import jobindsats, statbank
from raadsrum.monitoring.fileimport import FORMATS, SOURCE_OF_FORMAT, file_parse
from raadsrum.monitoring.measures import SOURCES_BY_CODE
from raadsrum.monitoring.services import (
    ObservationRow,
    load_summary,
    observations_load,
    source_ensure,
)


class Command(BaseCommand):
    help = "Hent arbejdsmarkedstal fra Danmarks Statistik og Jobindsats, eller indlæs en fil."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--source",
            choices=("statbank", "jobindsats", "all"),
            default="all",
            help="hvor tallene hentes fra (standard: begge; Jobindsats kun med JOBINDSATS_TOKEN)",
        )
        parser.add_argument(
            "--from",
            dest="since",
            default=None,
            metavar="PERIODE",
            help="første periode, fx 2019M01 (standard: januar for fem år siden)",
        )
        parser.add_argument(
            "--table",
            action="append",
            dest="tables",
            metavar="ID",
            help="kun denne tabel eller dette datasæt (kan gentages), fx AUF01 eller y30r21",
        )
        parser.add_argument("--file", type=Path, default=None, help="indlæs denne fil i stedet")
        parser.add_argument(
            "--format",
            dest="fmt",
            choices=tuple(FORMATS),
            default=None,
            help="filens form: " + "; ".join(f"{k}: {v}" for k, v in FORMATS.items()),
        )
        parser.add_argument(
            "--measure",
            default=None,
            help="måltallet i filen (kode, fx gross_unemployment), når filen ikke selv siger det",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="hent og kontrollér, men gem intet"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not Municipality.objects.exists():
            raise CommandError(
                _(
                    "Kommunerne er ikke indlæst endnu, så tallene kan ikke knyttes til områder: "
                    "kør først raadsrum demo (den indlæser referencedata)."
                ),
                returncode=1,
            )
        try:
            if options["file"] is not None:
                batches = self._from_file(options)
            else:
                if options["fmt"] or options["measure"]:
                    raise CommandError(
                        _("--format og --measure bruges kun sammen med --file."), returncode=2
                    )
                batches = self._from_sources(options)
            self._load(batches, dry_run=options["dry_run"])
        except ImportRejected as error:
            for row_error in error.errors:
                self.stderr.write(str(row_error))
            raise CommandError(error.message, returncode=1) from error
        except RaadsrumError as error:
            raise CommandError(error.message, returncode=1) from error

    # Reading ------------------------------------------------------------------------------------

    def _note(self, text: str) -> None:
        self.stderr.write(text)
        self.stderr.flush()

    def _from_file(self, options: dict[str, Any]) -> list[tuple[str, str, list[ObservationRow]]]:
        path: Path = options["file"]
        fmt = options["fmt"]
        if fmt is None:
            raise CommandError(
                _("Angiv filens form med --format (%(all)s).") % {"all": ", ".join(FORMATS)},
                returncode=2,
            )
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Filen %(path)s kunne ikke læses: %(why)s")
                % {"path": path, "why": error.strerror},
                returncode=1,
            ) from error
        self._note(_("Læser %(name)s …") % {"name": path.name})
        parsed = file_parse(
            content=content, filename=path.name, fmt=fmt, measure=options["measure"]
        )
        self._note(
            _("%(name)s: %(rows)s tal, %(missing)s ikke vist ('..')")
            % {
                "name": path.name,
                "rows": danish_number(len(parsed.rows)),
                "missing": danish_number(parsed.missing),
            }
        )
        description = _("Fil: %(name)s (%(fmt)s)") % {"name": path.name, "fmt": fmt}
        return [(SOURCE_OF_FORMAT[fmt], description, parsed.rows)]

    def _from_sources(self, options: dict[str, Any]) -> list[tuple[str, str, list[ObservationRow]]]:
        today = dt.date.today()
        since = options["since"] or f"{today.year - 5}M01"
        since_start = statbank.since_period(since)
        wanted = options["source"]
        tables, datasets = _chosen(options["tables"])
        use_statbank = wanted in ("statbank", "all") and bool(tables)
        use_jobindsats = bool(datasets) and (
            wanted == "jobindsats" or (wanted == "all" and bool(settings.JOBINDSATS_TOKEN))
        )
        if wanted == "all" and datasets and not use_jobindsats:
            self._note(_("JOBINDSATS_TOKEN er ikke sat: Jobindsats springes over."))
        if not use_statbank and not use_jobindsats:
            raise CommandError(
                _("Intet at hente: de valgte tabeller hører ikke til den valgte kilde."),
                returncode=2,
            )
        areas = Areas()
        batches: list[tuple[str, str, list[ObservationRow]]] = []
        if use_statbank:
            rows: list[ObservationRow] = []

            def table_done(table: statbank.StatbankTable, parsed: statbank.Parsed) -> None:
                self._note(
                    _("Danmarks Statistik %(table)s: %(rows)s tal hentet")
                    % {"table": table.id, "rows": danish_number(len(parsed.rows))}
                )
                rows.extend(parsed.rows)

            self._note(_("Henter fra Danmarks Statistik fra %(since)s …") % {"since": since})
            statbank.statbank_fetch(since=since, tables=tables, areas=areas, on_table=table_done)
            batches.append(
                ("statbank", _("Danmarks Statistik fra %(since)s") % {"since": since}, rows)
            )
        if use_jobindsats:
            job_rows: list[ObservationRow] = []

            def dataset_done(
                dataset: jobindsats.JobindsatsDataset, parsed: jobindsats.Parsed
            ) -> None:
                skipped = ""
                if parsed.skipped_areas:
                    skipped = _(" (%(n)s områder sprunget over)") % {"n": len(parsed.skipped_areas)}
                self._note(
                    _("Jobindsats %(id)s: %(rows)s tal hentet%(skipped)s")
                    % {
                        "id": dataset.id,
                        "rows": danish_number(len(parsed.rows)),
                        "skipped": skipped,
                    }
                )
                job_rows.extend(parsed.rows)

            self._note(_("Henter fra Jobindsats fra %(since)s …") % {"since": since})
            jobindsats.jobindsats_fetch(
                since=since_start, datasets=datasets, areas=areas, on_dataset=dataset_done
            )
            batches.append(
                ("jobindsats", _("Jobindsats fra %(since)s") % {"since": since}, job_rows)
            )
        return batches

    # Writing ------------------------------------------------------------------------------------

    def _load(self, batches: list[tuple[str, str, list[ObservationRow]]], *, dry_run: bool) -> None:
        lines = []
        with transaction.atomic():
            for code, description, rows in batches:
                total = danish_number(len(rows))

                def progress(done: int, total: str = total) -> None:
                    self._note(
                        _("  indlæst %(done)s af %(total)s rækker")
                        % {"done": danish_number(done), "total": total}
                    )

                load = observations_load(
                    source=source_ensure(code=code),
                    rows=rows,
                    description=description,
                    progress=progress,
                )
                lines.append(f"{SOURCES_BY_CODE[code].name}: {load_summary(load)}")
            if dry_run:
                transaction.set_rollback(True)
        for line in lines:
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(_("Prøvekørsel: intet er gemt."))


def _chosen(
    ids: list[str] | None,
) -> tuple[list[statbank.StatbankTable], list[jobindsats.JobindsatsDataset]]:
    """The StatBank tables and Jobindsats data sets to fetch (all, or those named)."""
    if not ids:
        return list(statbank.TABLES), list(jobindsats.DATASETS)
    known = {t.id.lower() for t in statbank.TABLES} | {d.id.lower() for d in jobindsats.DATASETS}
    unknown = [i for i in ids if i.lower() not in known]
    if unknown:
        raise CommandError(
            _("Ukendt tabel: %(ids)s (kendte: %(known)s).")
            % {"ids": ", ".join(unknown), "known": ", ".join(sorted(known))},
            returncode=2,
        )
    wanted = {i.lower() for i in ids}
    return (
        [t for t in statbank.TABLES if t.id.lower() in wanted],
        [d for d in jobindsats.DATASETS if d.id.lower() in wanted],
    )
