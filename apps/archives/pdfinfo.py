"""Two facts the archive needs from a PDF it did not necessarily render itself: how many pages
(归档章 页数) and whether it declares PDF/A-2b (pdfaid:part 2, conformance B, in its XMP).

Page objects and the XMP packet may sit in compressed object streams (WeasyPrint writes
PDF 1.7 object streams), so Flate streams are inflated and searched too. Enough for the PDFs
the portal produces; for anything else the archivist types the page count."""

import re
import zlib

_STREAM = re.compile(rb"(?<!end)stream\r?\n(.*?)\r?\nendstream", re.S)
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_PART = re.compile(rb"pdfaid:part(?:>|=\")\s*(\d)")
_CONFORMANCE = re.compile(rb"pdfaid:conformance(?:>|=\")\s*([ABUabu])")


def _chunks(data):
    yield data
    for match in _STREAM.finditer(data):
        try:
            # decompressobj: a stream whose last byte is a line end loses it to the pattern above
            yield zlib.decompressobj().decompress(match.group(1))
        except zlib.error:  # not Flate (an image, an uncompressed stream): nothing to look into
            continue


def inspect(data):
    """(pages or None, variant) where variant is "PDF/A-2b", "PDF/A-<n><c>" or "PDF"."""
    if not data.startswith(b"%PDF-"):
        raise ValueError("不是 PDF 文件。")
    pages, part, conformance = 0, None, None
    for chunk in _chunks(data):
        pages += len(_PAGE.findall(chunk))
        part = part or (_PART.search(chunk).group(1).decode() if _PART.search(chunk) else None)
        found = _CONFORMANCE.search(chunk)
        conformance = conformance or (found.group(1).decode().lower() if found else None)
    variant = f"PDF/A-{part}{conformance}" if part and conformance else "PDF"
    return (pages or None), variant
