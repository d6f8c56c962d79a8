"""Where attached documents live: one interface, outside the web root.

`FilesystemStorage` (the default) keeps files under DOCUMENT_STORAGE_PATH
(instance/documents); `S3Storage` keeps them in an S3-compatible bucket
(DOCUMENT_STORAGE=s3, boto3 installed: `pip install .[s3]`). Keys are random,
never derived from a file's name.

A file is written before the transaction that records it commits; if that
transaction rolls back (or the request ends without committing), the file
is removed again, so a failed upload leaves nothing behind.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Protocol

from flask import current_app, g, has_app_context


class Storage(Protocol):
    def save(self, key: str, data: bytes, content_type: str) -> None: ...
    def read(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...


class FilesystemStorage:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not key or "/" in key or "\\" in key or key.startswith("."):
            raise ValueError("bad storage key")
        return self.root / key[:2] / key

    def save(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        temporary.write_bytes(data)
        os.replace(temporary, path)  # never a half-written file under the key

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self._path(key).exists()


class S3Storage:
    """An S3-compatible bucket (AWS, MinIO, Ceph …) through boto3's client."""

    def __init__(self, bucket: str, *, client=None, prefix: str = "documents/", endpoint_url: str | None = None):
        if client is None:
            import boto3  # optional dependency: only needed when DOCUMENT_STORAGE=s3

            client = boto3.client("s3", endpoint_url=endpoint_url or None)
        self.client, self.bucket, self.prefix = client, bucket, prefix

    def save(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=data, ContentType=content_type,
                               ServerSideEncryption="AES256")

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)["Body"].read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)


def storage() -> Storage:
    app = current_app
    backend = app.extensions.get("document_storage")
    if backend is None:
        if app.config.get("DOCUMENT_STORAGE") == "s3":
            backend = S3Storage(app.config["DOCUMENT_S3_BUCKET"], endpoint_url=app.config.get("DOCUMENT_S3_ENDPOINT"))
        else:
            backend = FilesystemStorage(app.config["DOCUMENT_STORAGE_PATH"])
        app.extensions["document_storage"] = backend
    return backend


def new_key() -> str:
    return secrets.token_hex(20)


def put(data: bytes, content_type: str) -> str:
    """Store `data` under a new key, to be removed again unless the request's transaction commits."""
    key = new_key()
    storage().save(key, data, content_type)
    g.setdefault("uncommitted_files", []).append(key)
    return key


def _forget_pending(session) -> None:
    if has_app_context():
        g.pop("uncommitted_files", None)


def _remove_pending(*_args) -> None:
    keys = g.pop("uncommitted_files", None) if has_app_context() else None
    for key in keys or ():
        try:
            storage().delete(key)
        except Exception:  # noqa: BLE001 - a leftover file is logged, not a second error
            current_app.logger.warning("could not remove an uncommitted document")


# Endpoints that take files: a request there may be as large as the files it may carry.
UPLOAD_ENDPOINTS = {"messages.new", "messages.thread", "messages.staff_thread", "messages.staff_letter"}


def _upload_size_limit() -> None:
    from flask import request

    from portal.rules.documents import MAX_BYTES, MAX_FILES

    if request.endpoint in UPLOAD_ENDPOINTS and request.method == "POST":
        request.max_content_length = MAX_FILES * MAX_BYTES + 256 * 1024


def init_app(app) -> None:
    from sqlalchemy import event

    from portal.extensions import db

    app.before_request(_upload_size_limit)

    if not event.contains(db.session, "after_commit", _forget_pending):
        event.listen(db.session, "after_commit", _forget_pending)
        event.listen(db.session, "after_rollback", _remove_pending)
    app.teardown_request(_remove_pending)
