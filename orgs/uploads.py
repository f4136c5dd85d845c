"""One check for every uploaded file: size, type by content (not by the name), zip bombs.

The formats people upload here are few (scans, photos, Word and Excel files), so a file's
first bytes and, for Office files, its zip directory tell the type reliably without libmagic.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError

MB = 1024 * 1024
# An Office file unpacks to a few times its size; far more means a zip bomb.
MAX_UNPACKED_BYTES = 200 * MB
MAX_UNPACK_RATIO = 100

FORMATS = {
    "pdf": ("PDF", (".pdf",)),
    "png": ("PNG", (".png",)),
    "jpeg": ("JPG", (".jpg", ".jpeg")),
    "docx": ("DOCX", (".docx",)),
    "xlsx": ("XLSX", (".xlsx",)),
}
SCANS = frozenset({"pdf", "png", "jpeg"})
DOCUMENTS = frozenset({"pdf", "png", "jpeg", "docx"})
PHOTOS = frozenset({"png", "jpeg"})


def sniff(upload) -> str | None:
    """The format the file's content shows (a key of FORMATS), or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload)
    return None


def _office_kind(upload) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    unpacked = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_UNPACK_RATIO:
        raise ValidationError("Файл повреждён или слишком сильно сжат (похоже на «zip-бомбу»).")
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def check_upload(upload, *, allowed: frozenset[str], max_mb: int = 20) -> str:
    """Refuse, with a Russian message, a file that is too big, of another type than its name
    says, or not one of ``allowed``. Returns the format."""
    names = ", ".join(FORMATS[k][0] for k in sorted(allowed))
    if upload.size > max_mb * MB:
        raise ValidationError(f"Файл больше {max_mb} МБ.")
    if upload.size == 0:
        raise ValidationError("Файл пустой.")
    suffix = PurePath(upload.name or "").suffix.lower()
    claimed = next((k for k, (_, suffixes) in FORMATS.items() if suffix in suffixes), None)
    if claimed not in allowed:
        raise ValidationError(f"Загрузите файл в формате {names}.")
    actual = sniff(upload)
    if actual != claimed:
        raise ValidationError("Содержимое файла не соответствует его расширению.")
    return actual
