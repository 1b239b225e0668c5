"""The `raadsrum` console script.

Each subcommand is a Django management command of the same name (`demo`, `serve`,
`export`, …), so the command line and `manage.py` share one implementation; any other
Django command (`migrate`, `createsuperuser`) passes straight through.
Exit codes: 0 success, 1 the input was wrong, 2 usage.
"""

from __future__ import annotations

import os
import sys

USAGE = """\
Brug: raadsrum KOMMANDO [ARGUMENTER]

  demo        opret databasen, indlæs referencedata og demomødet (kan køres igen)
  serve       start portalen på http://127.0.0.1:8000 med baggrundsarbejderen
  db_worker   kør kun baggrundsarbejderen (læser og importerer uploads til arkivet)
  export      skriv dagsorden eller referat som PDF, DOCX eller HTML
              fx: raadsrum export nordjylland/2020-06-04 --document minutes --format pdf -o ud.pdf
  positivelist  skriv et råds gældende positivliste som CSV, XLSX eller JSON (export)
              fx: raadsrum positivelist export nordjylland --format csv -o liste.csv
  keyfigures  skriv et råds nøgletalsnotat for en måned som PDF, HTML eller JSON
              fx: raadsrum keyfigures nordjylland 2020-03 --format pdf -o notat.pdf
  fetch-statistics  hent ledighed, beskæftigelse og ydelser fra Danmarks Statistik og
              Jobindsats, eller indlæs en downloadet fil (--file PATH --format statbank-csv)
  ...         alle Django-kommandoer, fx migrate og createsuperuser

raadsrum KOMMANDO --help viser kommandoens argumenter.
"""


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "manage":
        args = args[1:]
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return 0 if args else 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "raadsrum.settings.local")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["raadsrum", *args])
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else 1
    return 0
