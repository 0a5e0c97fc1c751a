"""Rates as settings write them: '10/h' is ten per hour, '5/15m' five per fifteen minutes."""

import re

FORMAT = re.compile(r"(\d+)/(\d*)([smhd])")
SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """(count, period in seconds); ValueError for anything not of that form."""
    match = FORMAT.fullmatch(rate.strip())
    if match is None:
        raise ValueError(f"not a rate: {rate!r}")
    count, periods, unit = match.groups()
    return int(count), int(periods or 1) * SECONDS[unit]
