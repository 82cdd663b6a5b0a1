"""The drafting side of clausewise: bill model, bill files, templates, numbering, writers."""

__version__ = "0.1.0"
