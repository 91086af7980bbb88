"""What `cectrack import` suggests when a CSV is not as it expects: the field a column not
recognised likely holds (from its cells), and the way to read a date that is not YYYY-MM-DD
(a day-first or month-first date, one with a time, a spreadsheet's day number)."""
from __future__ import annotations

import datetime as dt
import re

from .add import Invalid

_SLASHED_DATE = re.compile(
    r"^\s*(\d{1,2})([/.-])(\d{1,2})[/.-](\d{2}|\d{4})(\s+\d{1,2}:\d{2}(:\d{2})?)?\s*$")
_ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")
_NUMBER = re.compile(r"^\s*[0-9]+(?:[.,][0-9]+)?\s*$")
# A spreadsheet stores a day as its count from 30 December 1899 (Excel, LibreOffice, Google
# Sheets): a date column saved as numbers reads 46095 for 14 March 2026.
_DAY_ZERO = dt.date(1899, 12, 30)
_DAY_NUMBER = re.compile(r"^\s*(\d{5})(\.0+)?\s*$")  # 1927-2173: any course's day


def likely_field(cells: list[str], taken: set[str]) -> str:
    """The field a column not recognised probably holds, from its first cells: a date is
    the completion date, a number the credits, text the title, provider, else notes."""
    filled = [cell for cell in cells if cell.strip()]
    if filled and all(_ISO_DATE.match(c) or _SLASHED_DATE.match(c) for c in filled):
        wanted: tuple[str, ...] = ("completed",)
    elif filled and all(_NUMBER.match(c) for c in filled):
        wanted = ("credits",)
    else:
        wanted = ("title", "provider")
    return next((field for field in wanted if field not in taken), "notes")


def date_hint(err: Invalid, written: str) -> Invalid:
    """A date written 03/14/2025 needs --date-format, not "write YYYY-MM-DD"; a day number
    needs the column formatted as dates before the CSV is saved."""
    serial = _DAY_NUMBER.match(written)
    if serial:
        day = _DAY_ZERO + dt.timedelta(days=int(serial.group(1)))
        return Invalid(f"date '{written.strip()}' looks like a spreadsheet's day number "
                       f"({day.isoformat()} if counted as spreadsheets count days), not a date",
                       "invalid-date", "in the spreadsheet, format the date column as a date "
                       "(YYYY-MM-DD: Format > Cells > Date) and save the CSV again")
    found = _SLASHED_DATE.match(written)
    if not found:
        return err
    first, sep, second = int(found.group(1)), found.group(2), int(found.group(3))
    year = "%Y" if len(found.group(4)) == 4 else "%y"
    time = (" %H:%M:%S" if found.group(6) else " %H:%M") if found.group(5) else ""
    def shown(date_format: str) -> str:  # a format with a space is quoted for the shell
        return f"'{date_format}'" if time else date_format
    month_first, day_first = shown(f"%m{sep}%d{sep}{year}{time}"), shown(f"%d{sep}%m{sep}{year}{time}")
    order = (day_first if first > 12 else month_first if second > 12
             else f"{month_first} (or {day_first} if the day comes first)")
    return Invalid(f"date '{written.strip()}' is not written YYYY-MM-DD"
                   + (" (it has a time of day too)" if time else ""),
                   "invalid-date", f"run the import again with --date-format {order}")


def future_note(completed: dt.date, today: dt.date) -> str:
    """Said of a row completed after today: a typed year, or a course not yet taken."""
    if completed <= today:
        return ""
    return (f"completed {completed.isoformat()} is after today ({today.isoformat()}); it is "
            "imported, and counts from that day: check the year")
