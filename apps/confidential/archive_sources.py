"""How the archive catalogues our cases (discovered by the archives app, see apps/archives/sources.py)."""

from apps.archives import sources


def classified_metadata(case):
    # Catalogued without an electronic copy (保密法 art. 31): only the register's facts.
    item = case.classified
    return {
        "doc_number": item.source_number,
        "responsible": item.source,
        "title": item.title,
        "date": item.received_on,
        "classification": item.classification_mark,
        "pages": item.pages,
    }


sources.register("confidential.item", None, metadata=classified_metadata)
sources.exclude("confidential.loan")  # a loan of a document is not a document
