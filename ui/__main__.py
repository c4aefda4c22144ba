"""``python -m ui`` is the same as the ``fundsim`` command."""

import sys

from ui.launcher import main

sys.exit(main())
