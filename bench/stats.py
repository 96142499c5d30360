"""Small numeric helpers: nearest-rank percentiles (with values that never arrived counted as infinite)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of values (sorted here); math.inf entries stand for "not by the deadline"."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def fmt_seconds(value: float, cap: float | None = None) -> str:
    if math.isnan(value):
        return "n/a"
    if math.isinf(value):
        return f"> {cap:.0f} s" if cap is not None else "never"
    return f"{value:.1f} s" if value >= 10 else f"{value:.2f} s"


def fmt_ms(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    return f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"
