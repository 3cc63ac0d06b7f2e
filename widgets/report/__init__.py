"""Aggregation, health check, charts and exports, built on ``widgets.model``."""
