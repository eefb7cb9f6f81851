"""``finops-tui map``: the collaboration map as plain text, Mermaid or Graphviz DOT."""

from __future__ import annotations

import argparse

from finops_tui.catalog.collabmap import RENDERERS, TOPIC_RENDERERS, CollaborationMatrix
from finops_tui.commands.common import EXIT_OK, catalog_from, write_output


def run(args: argparse.Namespace) -> int:
    matrix = CollaborationMatrix.from_catalog(catalog_from(args))
    if args.format in TOPIC_RENDERERS:
        text = TOPIC_RENDERERS[args.format](matrix, topics=args.topics)
    else:
        text = RENDERERS[args.format](matrix)
    write_output(text if text.endswith("\n") else f"{text}\n", args.output)
    return EXIT_OK
