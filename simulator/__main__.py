"""``python -m simulator`` is the same as the ``fundsim`` command."""

import sys

from simulator.cli import main

sys.exit(main())
