import sys

from finops_tui.cli import main

sys.exit(main())
