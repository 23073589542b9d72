"""Tests of kit.publishing."""
