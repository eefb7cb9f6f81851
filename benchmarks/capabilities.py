"""How fast the capabilities screen opens: the first visit (composed), then each visit after it
(the kept screen shown again), with the same headless frame clock as keys.py.

    python benchmarks/capabilities.py [--repeat N] -- [finops-tui options...]

Prints the median and worst of each, in milliseconds, as a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys

from keys import Step, run_keys

from finops_tui.cli import build_parser
from finops_tui.tui.launch import build_app

FIRST = "capabilities: first visit"
AGAIN = "capabilities: open again (kept)"
MOVE = "capabilities: move the cursor"
DETAIL = "capability: open its detail"
TARGET_MS = 50.0


def script(repeat: int) -> list[Step]:
    steps = [Step("C", FIRST), Step("escape")]
    for index in range(repeat):
        steps += [Step("C", AGAIN), Step("down" if index % 10 < 5 else "up", MOVE), Step("escape")]
    steps.append(Step("C"))
    for _ in range(repeat):
        steps += [Step("enter", DETAIL), Step("escape")]
    return steps


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("options", nargs="*", help="finops-tui options, after --")
    args = parser.parse_args()
    app = build_app(build_parser().parse_args(args.options))
    timings = asyncio.run(run_keys(app, script(args.repeat)))
    print("| what | median | worst | target |")
    print("|---|---|---|---|")
    for label in (FIRST, AGAIN, MOVE, DETAIL):
        values = [seconds * 1000 for seconds in timings[label]]
        target = f"<= {TARGET_MS:.0f} ms: {'met' if statistics.median(values) <= TARGET_MS else 'missed'}"
        print(
            f"| {label} | {statistics.median(values):.1f} ms | {max(values):.1f} ms |"
            f" {target if label == AGAIN else ''} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
