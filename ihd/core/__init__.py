"""The domain: pure Python, no Qt and no I/O. The clock is always passed in."""
