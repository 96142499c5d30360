"""Chart images (PNG) for the weekly picture and the pulse, drawn with matplotlib's Agg backend.

Pure: numbers in, PNG bytes out. The numbers drawn are written into the PNG's own text chunk
("glutes:data", JSON), so a reader (a test, a screen reader's alt text) can check what the bars show.
Axis labels are numeric dates (Babel's "Md" skeleton in the reader's locale): every locale's digits are
in matplotlib's bundled font, which Japanese month names are not. matplotlib is imported on first use, so
the web processes that never draw a chart do not pay its import (about half a second of CPU).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from babel import dates as babel_dates

from slackapp.ui.i18n import current

DATA_KEY = "glutes:data"
BAR_COLOUR = "#2eb67d"
EMPTY_COLOUR = "#dddddd"  # a week with fewer than 5 people: a grey stub, no number
WIDTH_IN, HEIGHT_IN, DPI = 6.0, 2.4, 100


def _day_label(day: date) -> str:
    return babel_dates.format_skeleton("Md", day, locale=current().babel_locale)


def _figure() -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")  # no display: draw into memory
    from matplotlib.figure import Figure  # a Figure without pyplot keeps no global state between renders

    figure = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.yaxis.get_major_locator().set_params(integer=True)
    return figure, axes


def _png(figure: Any, data: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    figure.tight_layout()
    figure.savefig(out, format="png", metadata={DATA_KEY: json.dumps(data, sort_keys=True)})
    return out.getvalue()


def days_chart(daily: Sequence[tuple[date, int]]) -> bytes:
    """Done per day as bars (four weeks: 28 bars), Mondays labelled with their date."""
    figure, axes = _figure()
    positions = range(len(daily))
    axes.bar(positions, [count for _, count in daily], color=BAR_COLOUR, width=0.7)
    mondays = [(i, day) for i, (day, _) in enumerate(daily) if day.weekday() == 0]
    axes.set_xticks([i for i, _ in mondays], [_day_label(day) for _, day in mondays])
    axes.set_xlim(-0.6, len(daily) - 0.4)
    axes.set_ylim(0, max([count for _, count in daily] + [4]) * 1.1)
    return _png(figure, {"days": [[day.isoformat(), count] for day, count in daily]})


def weeks_chart(weeks: Sequence[tuple[date, int | None]]) -> bytes:
    """A value per week as bars (None: fewer than 5 people, drawn as a grey stub without a number)."""
    figure, axes = _figure()
    shown = [value for _, value in weeks if value is not None]
    top = max(shown + [4]) * 1.1
    values = [value if value is not None else top * 0.03 for _, value in weeks]
    colours = [BAR_COLOUR if value is not None else EMPTY_COLOUR for _, value in weeks]
    axes.bar(range(len(weeks)), values, color=colours, width=0.7)
    axes.set_xticks(range(len(weeks)), [_day_label(monday) for monday, _ in weeks])
    axes.set_ylim(0, top)
    return _png(figure, {"weeks": [[monday.isoformat(), value] for monday, value in weeks]})
