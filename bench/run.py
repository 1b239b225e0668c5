"""Run the benchmarks: `make bench` (or `python bench/run.py [-k NAME]`).

Imports every `bench/bench_*.py`, calls its `run(ctx)` inside one throw-away database
(see harness.BenchContext), prints a table and writes bench/results.json: a list of
{"name", "value", "unit", "target", "floor"}. Benchmarks whose feature does not exist
yet print a "not available yet" row and are left out of the JSON.
Exit code 1 if a benchmark crashed; missed targets are reported, not failed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import traceback
from pathlib import Path
from types import ModuleType

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR.parent), str(BENCH_DIR)]

from harness import BenchContext, Result  # noqa: E402


def discover(pattern: str | None) -> list[ModuleType]:
    modules = []
    for path in sorted(BENCH_DIR.glob("bench_*.py")):
        if pattern and pattern not in path.stem:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    return modules


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f}" if abs(value) < 1000 else f"{value:.0f}"


def print_table(results: list[Result]) -> None:
    rows = [("benchmark", "value", "unit", "target", "floor", "target met")]
    for result in results:
        if not result.available:
            met = f"not available yet: {result.note}"
        else:
            met = {True: "yes", False: "NO", None: "-"}[result.target_met]
        rows.append(
            (
                result.name,
                _number(result.value),
                result.unit,
                _number(result.target),
                _number(result.floor),
                met,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [row[i].rjust(widths[i]) for i in range(1, 5)]
        print("  ".join([*cells, row[5]]))
        if index == 0:
            print("  ".join("-" * width for width in [*widths, 10]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", dest="pattern", help="only bench_*.py files containing this")
    parser.add_argument("-o", "--output", type=Path, default=BENCH_DIR / "results.json")
    args = parser.parse_args(argv)

    modules = discover(args.pattern)
    if not modules:
        print("no benchmarks found", file=sys.stderr)
        return 1
    results: list[Result] = []
    crashed: list[str] = []
    with BenchContext() as ctx:
        for module in modules:
            print(f"== {module.__name__}", flush=True)
            try:
                results.extend(module.run(ctx))
            except Exception:
                traceback.print_exc()
                crashed.append(module.__name__)

    print()
    print_table(results)
    measured = [result.as_json() for result in results if result.available]
    args.output.write_text(json.dumps(measured, indent=2) + "\n")
    print(f"\nwrote {args.output}")
    if crashed:
        print(f"crashed: {', '.join(crashed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
