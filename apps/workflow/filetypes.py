"""What an uploaded file is, judged by its content, not by its name or the browser's word.

Each allowed extension has a test of the bytes: PDF, PNG and JPEG by their signatures; docx,
xlsx and OFD are zip packages that must hold their format's parts; doc and xls are OLE2
compound files; zip any zip archive; txt UTF-8 or GBK/GB18030 text without control characters.
An extension with no test here is refused even if UPLOAD_ALLOWED_EXTENSIONS names it (the
setting can narrow the list, not widen it past what can be checked).
"""

import codecs
import re
import zipfile

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# What the download says the file is: from the checked extension, never from the uploader.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "zip": "application/zip",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ofd": "application/ofd",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "txt": "text/plain",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CHUNK = 64 * 1024


def _head(upload, size=16):
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _zip_names(upload):
    """Member names of a zip archive (its central directory only: nothing is extracted)."""
    if _head(upload, 4) not in (b"PK\x03\x04", b"PK\x05\x06"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        upload.seek(0)


def _ooxml(folder):
    def test(upload):
        names = _zip_names(upload)
        return bool(names) and "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)

    return test


def _ofd(upload):
    names = _zip_names(upload)
    return bool(names) and any(n.lower() == "ofd.xml" for n in names)


def _text(upload):
    """UTF-8 (a BOM allowed) or GB18030 (a superset of GBK), read to the end, no control bytes."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        upload.seek(0)
        try:
            for chunk in iter(lambda: upload.read(_CHUNK), b""):
                if _CONTROL.search(decoder.decode(chunk)):
                    return False
            if _CONTROL.search(decoder.decode(b"", final=True)):
                return False
            return True
        except UnicodeDecodeError:
            continue
        finally:
            upload.seek(0)
    return False


TESTS = {
    "pdf": lambda u: _head(u, 5) == b"%PDF-",
    "png": lambda u: _head(u, 8) == b"\x89PNG\r\n\x1a\n",
    "jpg": lambda u: _head(u, 3) == b"\xff\xd8\xff",
    "jpeg": lambda u: _head(u, 3) == b"\xff\xd8\xff",
    "zip": lambda u: _zip_names(u) is not None,
    "docx": _ooxml("word/"),
    "xlsx": _ooxml("xl/"),
    "ofd": _ofd,
    "doc": lambda u: _head(u, 8) == OLE2,
    "xls": lambda u: _head(u, 8) == OLE2,
    "txt": _text,
}


def content_matches(extension, upload):
    """True when the file's bytes are what `extension` promises (False for unknown extensions)."""
    test = TESTS.get(extension)
    return bool(test and test(upload))
