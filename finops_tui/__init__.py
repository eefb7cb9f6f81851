"""finops-tui: explore the FinOps roles in the terminal.

Kept import-free so that ``finops-tui --version`` and the commands start fast.
"""

__version__ = "0.1.0"
