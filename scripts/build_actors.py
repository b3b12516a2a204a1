"""Rebuild the actor knowledge base, kg/data/actors.ttl, from the copied sources.

A thin command line around kg.actor_kb.build, kept so the build runs without installing the
package; `kg actors refresh` builds the same knowledge base from a Wikidata endpoint instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.actor_kb import build  # noqa: E402
from kg.errors import KgError  # noqa: E402

DEFAULT_SOURCES = REPO.parent / "shared" / "data" / "wikidata-sources"
DEFAULT_OUT = REPO / "kg" / "data" / "actors.ttl"


def main(argv: list[str] | None = None) -> int:
    """Build, print the one-line summary, and exit non-zero with a one-line error on failure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES,
                        help="the copied sources folder (default: ../shared/data/wikidata-sources)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="where to write the Turtle (default: kg/data/actors.ttl)")
    args = parser.parse_args(argv)
    try:
        print(build(args.sources, args.out))
    except KgError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
