"""The reference laws: importers, provision maps, instruments, fetch and import, the auto-tagger."""
