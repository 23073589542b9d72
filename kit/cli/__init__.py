"""The `blueprint` command line (`main`) and the watcher it runs."""

from kit.cli.main import main

__all__ = ["main"]
