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
)
from rich.text import Text

__all__ = ["voortgang"]


def _tempo(task: Task) -> float | None:
    """Cases per second since the start. Work arrives in chunks, in bursts from several
    workers, so rich's windowed estimate jumps; the average over the whole run does not."""
    if not task.completed or not task.elapsed:
        return None
    return task.completed / task.elapsed


class _Snelheid(ProgressColumn):
    def render(self, task: Task) -> Text:
        tempo = _tempo(task)
        return Text("" if tempo is None else f"{tempo:,.1f} gevallen/s".replace(",", " "),
                    style="progress.data.speed")


class _Resterend(ProgressColumn):
    def render(self, task: Task) -> Text:
        tempo = _tempo(task)
        if tempo is None or task.total is None:
            return Text("nog -:--:--", style="progress.remaining")
        seconden = int((task.total - task.completed) / tempo)
        uren, rest = divmod(seconden, 3600)
        return Text(f"nog {uren}:{rest // 60:02d}:{rest % 60:02d}", style="progress.remaining")


@contextmanager
def voortgang(totaal: int, omschrijving: str, console: Console) -> Iterator[Callable[[int], None]]:
    """Yield ``stap(n)``: n more cases done. Draws a bar with rate and time left only when
    ``console`` is a terminal."""
    if not console.is_terminal or totaal == 0:
        yield lambda _n: None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), _Snelheid(),
                  TextColumn("verstreken"), TimeElapsedColumn(), _Resterend(), console=console) as balk:
        taak = balk.add_task(omschrijving, total=totaal)
        yield lambda n: balk.advance(taak, n)
