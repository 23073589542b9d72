"""`python -m kit` runs the `blueprint` command."""

from kit.cli.main import main

main()
