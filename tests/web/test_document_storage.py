"""The one storage interface for documents (portal/storage.py): files on disk
outside the web root by default, an S3-compatible bucket as the option."""

from __future__ import annotations

import pytest

from portal.storage import FilesystemStorage, S3Storage


def test_the_filesystem_storage_keeps_removes_and_refuses_paths(tmp_path):
    store = FilesystemStorage(tmp_path)
    store.save("ab" + "0" * 38, b"%PDF-1.4", "application/pdf")
    assert store.read("ab" + "0" * 38) == b"%PDF-1.4"
    assert not list(tmp_path.rglob("*.part"))
    store.delete("ab" + "0" * 38)
    assert not store.exists("ab" + "0" * 38)
    for bad in ("../secret_key", "a/b", ".hidden", ""):
        with pytest.raises(ValueError):
            store.save(bad, b"x", "application/pdf")


class _Body:
    def __init__(self, data):
        self.data = data

    def read(self):
        return self.data


class FakeS3:
    """The three calls of boto3's S3 client the storage uses."""

    def __init__(self):
        self.objects, self.calls = {}, []

    def put_object(self, **kwargs):
        self.calls.append(("put", kwargs))
        self.objects[(kwargs["Bucket"], kwargs["Key"])] = kwargs["Body"]

    def get_object(self, Bucket, Key):
        return {"Body": _Body(self.objects[(Bucket, Key)])}

    def delete_object(self, Bucket, Key):
        self.objects.pop((Bucket, Key), None)


def test_the_s3_storage_puts_reads_and_deletes_under_its_prefix():
    client = FakeS3()
    store = S3Storage("portal-docs", client=client)
    store.save("k1", b"\x89PNG\r\n\x1a\n", "image/png")
    put = client.calls[0][1]
    assert put["Key"] == "documents/k1" and put["ContentType"] == "image/png" and put["ServerSideEncryption"] == "AES256"
    assert store.read("k1") == b"\x89PNG\r\n\x1a\n"
    store.delete("k1")
    assert client.objects == {}


def test_the_app_uses_the_filesystem_under_the_instance_folder_by_default(tmp_path):
    from portal import create_app, storage

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "RATELIMIT_ENABLED": False, "DOCUMENT_STORAGE_PATH": str(tmp_path)})
    with app.app_context():
        backend = storage.storage()
    assert isinstance(backend, FilesystemStorage) and backend.root == tmp_path
    assert not str(tmp_path).startswith(app.static_folder)


def test_the_s3_storage_against_a_real_boto3_client_on_moto(monkeypatch):
    """Real boto3 requests (signing, serialisation) against moto's S3: what a bucket receives."""
    import boto3
    import moto

    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "eu-north-1"}.items():
        monkeypatch.setenv(name, value)
    with moto.mock_aws():
        client = boto3.client("s3")
        client.create_bucket(Bucket="portal-docs", CreateBucketConfiguration={"LocationConstraint": "eu-north-1"})
        store = S3Storage("portal-docs")
        store.save("k2", b"%PDF-1.7 letter", "application/pdf")
        head = client.head_object(Bucket="portal-docs", Key="documents/k2")
        assert head["ContentType"] == "application/pdf" and head["ServerSideEncryption"] == "AES256"
        assert store.read("k2") == b"%PDF-1.7 letter"
        store.delete("k2")
        assert client.list_objects_v2(Bucket="portal-docs").get("KeyCount") == 0
