"""A file's real type comes from its first bytes, never its name (issue 13.2)."""

from __future__ import annotations

from datetime import date

from portal.rules import documents, messages


def test_pdf_jpeg_and_png_are_recognised_by_their_content():
    assert documents.sniff(b"%PDF-1.7\n...") is documents.PDF
    assert documents.sniff(b"\xff\xd8\xff\xe0\x00\x10JFIF") is documents.JPEG
    assert documents.sniff(b"\x89PNG\r\n\x1a\n\x00\x00") is documents.PNG


def test_an_exe_renamed_to_pdf_and_other_content_are_refused():
    assert documents.problem(300, b"MZ\x90\x00\x03") == "wrong_type"
    assert documents.problem(300, b"<html><script>") == "wrong_type"
    assert documents.problem(300, b"PK\x03\x04") == "wrong_type"  # a .docx or .zip


def test_empty_and_oversized_files_are_refused():
    assert documents.problem(0, b"") == "empty"
    assert documents.problem(documents.MAX_BYTES + 1, b"%PDF-") == "too_big"
    assert documents.problem(documents.MAX_BYTES, b"%PDF-") is None


def test_the_shown_name_carries_the_real_type():
    assert documents.safe_name("henvisning.exe", documents.PDF) == "henvisning.pdf"
    assert documents.safe_name("scan.PNG", documents.PNG) == "scan.png"
    assert documents.safe_name("", documents.JPEG) == "dokument.jpg"


def test_the_first_answer_is_promised_two_hverdage_after_the_message():
    assert messages.answer_due(date(2026, 12, 4)) == date(2026, 12, 8)  # Friday → Tuesday
    assert messages.answer_due(date(2026, 12, 22)) == date(2026, 12, 28)  # 24–26 December are off
    assert messages.is_overdue(date(2026, 12, 8), answered=False, today=date(2026, 12, 9))
    assert not messages.is_overdue(date(2026, 12, 8), answered=False, today=date(2026, 12, 8))
    assert not messages.is_overdue(date(2026, 12, 8), answered=True, today=date(2026, 12, 20))


def test_a_closed_or_withdrawn_case_takes_no_messages():
    assert messages.may_write("training")
    assert not messages.may_write("closed") and not messages.may_write("withdrawn")
