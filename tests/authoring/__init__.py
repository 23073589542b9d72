"""Tests of kit.authoring."""
