"""Tests of kit.drawing."""
