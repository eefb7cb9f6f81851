"""The credit the bundled data carries wherever it is shown, copied or exported."""

from __future__ import annotations

__all__ = ["DATA_CREDIT", "FRAMEWORK_URL"]

FRAMEWORK_URL = "https://www.finops.org/framework/"
DATA_CREDIT = (
    f"Role data: FinOps Framework, FinOps Foundation, licensed CC BY 4.0 ({FRAMEWORK_URL}). "
    "Adapted and written in our own words; not endorsed by the FinOps Foundation."
)
