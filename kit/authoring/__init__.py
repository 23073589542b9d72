"""Authoring: the Blueprint builder, discovery of blueprint files, and the scaffold for new ones."""
