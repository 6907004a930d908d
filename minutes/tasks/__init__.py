"""Task tracking: directives become tasks that units tick off, with roll-ups."""
