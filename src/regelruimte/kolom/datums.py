"""Calendar arithmetic on whole columns of dates, as days since 1970-01-01 (int64).

The same rounding as :mod:`regelruimte.encode`, one array operation at a time: whole years
and months are "the largest k with date + k units <= peildatum", 29 February plus a year
in a non-leap year is 1 March, and a month that has no such day ends the month early.
"""

from __future__ import annotations

import threading

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]

_MAANDLENGTE = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)


#: the last few arrays split by :func:`ymd` in this thread, with their parts: the encoding
#: splits the same peildatum and date of birth for every measure of every date
_RECENT = threading.local()
_RECENT_AANTAL = 4


def ymd(dagen: Ints) -> tuple[Ints, Ints, Ints]:
    """Year, month, day of each day number (proleptic Gregorian, as ``datetime.date``).
    The arrays are read, never changed, so the parts of the same array object are reused."""
    recent: list[tuple[Ints, tuple[Ints, Ints, Ints]]] = _RECENT.__dict__.setdefault("lijst", [])
    for array, delen in recent:
        if array is dagen:
            return delen
    delen = _ymd(dagen)
    recent.insert(0, (dagen, delen))
    del recent[_RECENT_AANTAL:]
    return delen


def _ymd(dagen: Ints) -> tuple[Ints, Ints, Ints]:
    z = dagen + 719_468
    era = np.floor_divide(z, 146_097)
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = np.where(mp < 10, mp + 3, mp - 9)
    return y + (m <= 2), m, d


def dagnummer(y: Ints, m: Ints, d: Ints) -> Ints:
    """The day number of year, month, day (the inverse of :func:`ymd`)."""
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    mp = np.where(m > 2, m - 3, m + 9)
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    uit: Ints = era * 146_097 + doe - 719_468
    return uit


def schrikkeljaar(y: Ints) -> npt.NDArray[np.bool_]:
    uit: npt.NDArray[np.bool_] = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    return uit


def maandlengte(y: Ints, m: Ints) -> Ints:
    uit: Ints = _MAANDLENGTE[m - 1] + ((m == 2) & schrikkeljaar(y))
    return uit


def leeftijd_op(geboren: Ints, datum: Ints) -> Ints:
    """Full years from ``geboren`` to ``datum`` (as ``profile.leeftijd_op``)."""
    gy, gm, gd = ymd(geboren)
    y, m, d = ymd(datum)
    return y - gy - ((m * 100 + d) < (gm * 100 + gd))


def jaren(van: Ints, tot: Ints) -> Ints:
    """Whole years from ``van`` to ``tot`` (as ``encode._jaren``)."""
    vy, vm, vd = ymd(van)
    ty, tm, td = ymd(tot)
    # the anniversary in the year of tot; 29 February falls on 1 March in a non-leap year
    schuif = (vm == 2) & (vd == 29) & ~schrikkeljaar(ty)
    am = np.where(schuif, 3, vm)
    ad = np.where(schuif, 1, vd)
    return ty - vy - ((am * 100 + ad) > (tm * 100 + td))


def maanden(van: Ints, tot: Ints) -> Ints:
    """Whole months from ``van`` to ``tot`` (as ``encode._maanden``)."""
    vy, vm, vd = ymd(van)
    ty, tm, td = ymd(tot)
    k = (ty - vy) * 12 + (tm - vm)
    return k - (np.minimum(vd, maandlengte(ty, tm)) > td)


def kalendermaanden(van: Ints, tot: Ints) -> Ints:
    vy, vm, _ = ymd(van)
    ty, tm, _ = ymd(tot)
    return (ty - vy) * 12 + (tm - vm)


def plus_maanden_sleutel(datum: Ints, maanden_erbij: int) -> Ints:
    """``encode._plus_maanden`` as a sortable key year*10000 + month*100 + day."""
    y, m, d = ymd(datum)
    totaal = y * 12 + (m - 1) + maanden_erbij
    jaar = np.floor_divide(totaal, 12)
    maand = totaal - jaar * 12 + 1
    uit: Ints = jaar * 10_000 + maand * 100 + np.minimum(d, maandlengte(jaar, maand))
    return uit


def sleutel(datum: Ints) -> Ints:
    y, m, d = ymd(datum)
    uit: Ints = y * 10_000 + m * 100 + d
    return uit


def datummaten(datum: Ints, peildatum: Ints) -> dict[str, Ints]:
    """The measures of ``datum`` at ``peildatum`` without ``l`` (as ``encode.datummaten``)."""
    dagen = peildatum - datum
    return {"j": jaren(datum, peildatum), "m": maanden(datum, peildatum), "km": kalendermaanden(datum, peildatum),
            "w": np.floor_divide(dagen, 7), "d": dagen}
