"""A progress bar for long runs: on a terminal only, quiet otherwise (a pipe, a log, CI)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

__all__ = ["voortgang"]


class _Snelheid(ProgressColumn):
    """Cases per second, averaged by rich over the last seconds."""

    def render(self, task: Task) -> Text:
        if not task.speed:
            return Text("", style="progress.data.speed")
        return Text(f"{task.speed:,.0f} gevallen/s".replace(",", "."), style="progress.data.speed")


@contextmanager
def voortgang(totaal: int, omschrijving: str, console: Console) -> Iterator[Callable[[int], None]]:
    """Yield ``stap(n)``: n more cases done. Draws a bar with rate and time left only when
    ``console`` is a terminal."""
    if not console.is_terminal or totaal == 0:
        yield lambda _n: None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _Snelheid(),
                  TextColumn("verstreken"), TimeElapsedColumn(), TextColumn("nog"), TimeRemainingColumn(),
                  console=console, speed_estimate_period=20) as balk:
        taak = balk.add_task(omschrijving, total=totaal)
        yield lambda n: balk.advance(taak, n)
