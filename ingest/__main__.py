"""`python -m ingest` is `reportqa ingest`."""

import sys

from service.cli import main

sys.exit(main(["ingest", *sys.argv[1:]]))
