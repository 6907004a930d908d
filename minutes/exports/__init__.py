"""Spreadsheet exports: one writer (:mod:`.xlsx`) for every list and report."""
