"""The analysis tables: derived from the archive, rebuilt from it, read by the analyses.

- ``schema``      the tables' DDL, their fingerprinted version, whether they are current
- ``rows``        an article's rows, from its record, extraction and index document
- ``contexts``    the words around a programme's mentions (what "similar" compares)
- ``qualifiers``  the values a figure's qualifier allows (7100多, 6万以上)
- ``write``       writing an article's rows: the writer pipeline's "derive" step
- ``scope``       a search as SQL over the tables: the articles an analysis reads
- ``articles``, ``programmes``, ``figures``   the reads, each returning dataclasses

The archive imports none of this; the writer pipeline (``indexer.ingest``) derives the
rows, and ``api.analytics`` turns what the reads return into analyses.
"""
