"""`python -m clausewise`."""

from .cli import main

main(prog_name="clausewise")
