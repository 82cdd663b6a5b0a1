"""Readers turn a law in a published format back into drafts.model.Document."""
