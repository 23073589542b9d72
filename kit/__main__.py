"""`python -m kit` runs the `blueprint` command."""

from kit.cli import main

main()
