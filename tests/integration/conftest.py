"""Fixtures for the integration tests live in tests/conftest.py; helpers in bridge_helpers.py."""
