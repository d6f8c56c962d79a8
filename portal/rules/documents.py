"""Which files a citizen or the municipality may attach: the real type read
from the file's first bytes (never its name or the browser's word), and the
limits on size and count."""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 5 * 1024 * 1024  # per file
MAX_FILES = 3  # per message


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str


PDF = FileType("application/pdf", "pdf")
JPEG = FileType("image/jpeg", "jpg")
PNG = FileType("image/png", "png")

# Magic numbers: PDF "%PDF-", JPEG SOI + marker, PNG's eight-byte signature.
_SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)

ALLOWED_TYPES = {file_type.content_type: file_type for _, file_type in _SIGNATURES}


def sniff(head: bytes) -> FileType | None:
    """The allowed type the content starts like, or None (an .exe renamed .pdf starts with "MZ")."""
    for signature, file_type in _SIGNATURES:
        if head.startswith(signature):
            return file_type
    return None


def problem(size: int, head: bytes) -> str | None:
    """Why a file cannot be attached ("empty", "too_big", "wrong_type"), or None."""
    if size == 0:
        return "empty"
    if size > MAX_BYTES:
        return "too_big"
    if sniff(head) is None:
        return "wrong_type"
    return None


def safe_name(name: str, file_type: FileType, fallback: str = "dokument") -> str:
    """The shown name ends with the real type's extension (a renamed file is shown for what it is)."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip("._-")[:80] or fallback
    return f"{stem}.{file_type.extension}"
