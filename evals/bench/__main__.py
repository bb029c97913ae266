"""`python -m evals.bench` is `reportqa bench`."""

import sys

from evals.bench.run import main

sys.exit(main())
