"""Performance benchmarks: real servers, real clients. Run with ``make bench``."""
