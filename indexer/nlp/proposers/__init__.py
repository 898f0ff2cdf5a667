"""Proposers: learned models that suggest people, places and organisations for the rules
to validate, complete and type (see ``indexer.nlp.extractor``)."""
