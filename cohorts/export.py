"""Members as CSV: every cell quoted, and no cell a spreadsheet would run as a formula."""

import csv

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = [
    ("cohort", "Cohort"),
    ("status", "Status"),
    ("name", "Name"),
    ("email", "E-mail"),
    ("organisation", "Organization"),
    ("role", "Role"),
    ("sector", "Sector"),
    ("state_or_country", "US state or country"),
    ("city", "City"),
    ("hope_to_change", "Hopes to change"),
    ("confirmed_at", "Confirmed"),
]


def safe_cell(value):
    """Spreadsheets run a cell starting with = + - @ as a formula; a leading ' keeps it text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def sign_ups_csv(sign_ups, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # lets Excel recognize UTF-8
    writer = csv.writer(response, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([label for _, label in COLUMNS])
    for sign_up in sign_ups:
        row = {
            **{name: getattr(sign_up, name) for name, _ in COLUMNS if hasattr(sign_up, name)},
            "cohort": sign_up.cohort.name,
            "status": sign_up.get_status_display(),
            "sector": sign_up.get_sector_display(),
            "confirmed_at": sign_up.confirmed_at.isoformat() if sign_up.confirmed_at else "",
        }
        writer.writerow([safe_cell(row[name]) for name, _ in COLUMNS])
    return response
