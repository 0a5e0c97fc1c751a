"""Tool files editors attach: each kind recognized by its content, not its name, and always
downloaded (never shown inline: the download is an attachment, and nosniff is on)."""

import re
import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# The kinds editors may attach, and the type each is downloaded as.
TOOL_FILE_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "zip": "application/zip",
    "csv": "text/csv",
    "txt": "text/plain",
}
OFFICE_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
MARKUP = re.compile(rb"<\s*(!doctype|html|svg|script|iframe|body|head|\?xml)", re.IGNORECASE)


def extension(name):
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_tool_file(upload):
    """Return an error message, or None when the file's content is the kind its name says."""
    if upload.size > settings.TOOL_FILE_MAX_SIZE:
        limit = filesizeformat(settings.TOOL_FILE_MAX_SIZE)
        return _("The file is larger than the limit of %(limit)s.") % {"limit": limit}
    kind = extension(upload.name)
    if kind not in TOOL_FILE_TYPES:
        allowed = ", ".join(sorted(TOOL_FILE_TYPES))
        return _("Tools can be files of these kinds: %(allowed)s.") % {"allowed": allowed}
    upload.seek(0)
    try:
        matches = _content_matches(kind, upload)
    finally:
        upload.seek(0)
    if not matches:
        return _("The file’s content is not a %(kind)s file, though its name ends in .%(kind)s.") % {
            "kind": kind
        }
    return None


def _content_matches(kind, upload):
    head = upload.read(4096)
    upload.seek(0)
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind in ("csv", "txt"):
        data = upload.read()
        if b"\x00" in data or MARKUP.search(data[:4096]):
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if kind in OFFICE_FOLDERS:
                return "[Content_Types].xml" in names and any(
                    n.startswith(OFFICE_FOLDERS[kind]) for n in names
                )
            if kind in ("odt", "ods", "odp"):
                return (
                    "mimetype" in names
                    and archive.read("mimetype").decode(errors="replace") == TOOL_FILE_TYPES[kind]
                )
            return archive.testzip() is None
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return False
