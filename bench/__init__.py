"""Benchmarks: measured, written to files, never asserted in tests."""
