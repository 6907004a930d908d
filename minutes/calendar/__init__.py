"""Calendar: .ics downloads, token-protected subscription feeds, export and import."""
