"""`python -m lettermanager` and the `lettermanager` script: the window or a subcommand."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
