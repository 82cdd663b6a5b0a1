"""The drafting side of clausewise: bill model, bill files, templates, numbering, writers."""
