"""``python -m mzparse``: runs the command line."""
from .cli import main

main()
