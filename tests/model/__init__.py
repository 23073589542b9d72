"""Tests of kit.model."""
