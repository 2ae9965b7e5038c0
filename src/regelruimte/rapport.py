"""The comparison as a report: a self-contained HTML page with charts, and the same tables as xlsx.

Charts are drawn with matplotlib as SVG and put inline in the page, so the report needs no
network, no CDN and no script: it opens from a mail attachment or a file share. The page is a
Jinja2 template (autoescaped: titles and labels come from rule files and input).
"""

from __future__ import annotations

import datetime as dt
import html
import io
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl

from .vergelijk import Vergelijking, beschrijf, veranderingen_tabel

__all__ = ["MAX_BALKEN", "schrijf_html", "schrijf_xlsx"]

MAX_BALKEN = 20  # changes shown in the bar chart (the table lists them all)
_KLEUR = "#01689b"  # hemelblauw; the page itself uses #154273, so a test can tell the charts apart
_KLEUR_LICHT = "#b6c7dc"


def _svg(figuur: Any) -> str:
    """A matplotlib figure as inline SVG (no XML header; reproducible ids; text kept as text)."""
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    figuur.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figuur)
    tekst = buffer.getvalue()
    return tekst[tekst.index("<svg"):]


def _figuur(hoogte: float) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.hashsalt": "regelruimte", "svg.fonttype": "none", "font.size": 9})
    return plt.subplots(figsize=(9, hoogte))


def grafiek_veranderingen(vergelijking: Vergelijking) -> str:
    groepen = vergelijking.veranderingen[:MAX_BALKEN]
    figuur, as_ = _figuur(max(1.6, 0.32 * len(groepen) + 0.8))
    if not groepen:
        as_.text(0.5, 0.5, "Geen verschil", ha="center", va="center")
        as_.set_axis_off()
        return _svg(figuur)
    # numeric positions: two changes of one item must not share a category
    labels = [f"{_kort(g.titel, 48)}: {g.omschrijving()}" for g in reversed(groepen)]
    aantallen = [g.aantal for g in reversed(groepen)]
    balken = as_.barh(range(len(groepen)), aantallen, color=_KLEUR)
    as_.set_yticks(range(len(groepen)), labels)
    as_.bar_label(balken, padding=3)
    as_.set_xlabel("gevallen")
    as_.spines[["top", "right"]].set_visible(False)
    return _svg(figuur)


def grafiek_telling(tabel: pl.DataFrame, kolom: str, titel: str) -> str:
    figuur, as_ = _figuur(3.2)
    sleutels = tabel[kolom].to_list()
    as_.bar(sleutels, tabel["gevallen"].to_list(), color=_KLEUR_LICHT, label="gevallen")
    as_.bar(sleutels, tabel["veranderd"].to_list(), color=_KLEUR, label="waarvan veranderd")
    as_.set_xlabel(titel)
    as_.set_ylabel("gevallen")
    as_.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    as_.spines[["top", "right"]].set_visible(False)
    if len(sleutels) > 8:
        as_.tick_params(axis="x", labelrotation=45)
    return _svg(figuur)


def _kort(tekst: str, lengte: int) -> str:
    return tekst if len(tekst) <= lengte else tekst[: lengte - 1] + "…"


def _html_tabel(tabel: pl.DataFrame) -> str:
    kop = "".join(f"<th>{html.escape(k)}</th>" for k in tabel.columns)
    rijen = []
    for rij in tabel.iter_rows():
        cellen = []
        for waarde in rij:
            if isinstance(waarde, float):
                cellen.append(f'<td class="getal">{waarde:.1%}</td>')
            elif isinstance(waarde, int):
                cellen.append(f'<td class="getal">{waarde}</td>')
            else:
                cellen.append(f"<td>{html.escape(str(waarde))}</td>")
        rijen.append("<tr>" + "".join(cellen) + "</tr>")
    return f"<table><thead><tr>{kop}</tr></thead><tbody>{''.join(rijen)}</tbody></table>"


def schrijf_html(vergelijking: Vergelijking, pad: Path) -> None:
    """The report as one self-contained HTML file (written via a temporary file)."""
    import os

    from jinja2 import Environment, select_autoescape

    from . import __version__

    omgeving = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    sjabloon = omgeving.from_string(
        resources.files("regelruimte").joinpath("sjablonen/vergelijking.html.j2").read_text(encoding="utf-8"))
    pagina = sjabloon.render(
        v=vergelijking, basis=vergelijking.basis, variant=vergelijking.variant,
        basis_tekst=beschrijf(vergelijking.basis), variant_tekst=beschrijf(vergelijking.variant),
        versie=__version__, gemaakt=dt.date.today().isoformat(), max_balken=MAX_BALKEN,
        grafieken={
            "veranderingen": grafiek_veranderingen(vergelijking),
            "leeftijd": grafiek_telling(vergelijking.per_leeftijd, "leeftijd", "leeftijd op de peildatum"),
            "onderwijs": grafiek_telling(vergelijking.per_onderwijs, "onderwijs", "onderwijs"),
        },
        tabel_leeftijd=_html_tabel(vergelijking.per_leeftijd),
        tabel_onderwijs=_html_tabel(vergelijking.per_onderwijs),
    )
    tijdelijk = pad.with_name(f".{pad.name}.{os.getpid()}.deel")
    try:
        tijdelijk.write_text(pagina, encoding="utf-8")
        os.replace(tijdelijk, pad)
    finally:
        tijdelijk.unlink(missing_ok=True)


def schrijf_xlsx(vergelijking: Vergelijking, pad: Path) -> None:
    """The report's tables as sheets: veranderingen, per_leeftijd, per_onderwijs, per_geval."""
    from .tabel import schrijf_tabel

    schrijf_tabel(veranderingen_tabel(vergelijking), pad, hoofdblad="veranderingen", bladen={
        "per_leeftijd": vergelijking.per_leeftijd,
        "per_onderwijs": vergelijking.per_onderwijs,
        "per_geval": vergelijking.per_geval,
    })
