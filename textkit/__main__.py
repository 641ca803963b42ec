"""``python -m textkit``: the same command line as the ``textkit`` script."""

import sys

from textkit.cli import main

sys.exit(main())
