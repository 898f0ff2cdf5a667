"""Analyses over the articles of a search: programmes, comparison, figures, timeline, export.

Pure functions of the archive, the backend and the gazetteer; the routes in
``api.routes`` and the pages in ``web`` both call them.
"""
