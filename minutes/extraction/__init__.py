"""Drafts of minutes extracted from a pasted report: a pure builder, no request, no database."""

from minutes.extraction.extract import extract

__all__ = ["extract"]
