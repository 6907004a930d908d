"""Extraction test material: the scorer (``scoring``), own texts with expected drafts (``texts/``)."""
