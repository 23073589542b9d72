"""Authoring and model data: the frozen model and the catalogue of kinds, lanes and icons."""
