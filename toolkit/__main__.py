"""`python -m toolkit` runs the stdkit command line."""

from toolkit.cli import main

main()
