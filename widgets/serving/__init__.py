"""Serving a room: the workshop server on Voila, and the rules that size and limit it."""
