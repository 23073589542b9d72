"""Tests of kit.cli."""
