"""Tests of kit.analysis."""
