"""``python -m tiesim``."""

import sys

from tiesim.cli import main

sys.exit(main())
