"""``python -m winit_fast``: the same as the ``winit-fast`` command."""

import sys

from ._cli import main

sys.exit(main())
