"""Pure domain models (pydantic): validation and every computation. No I/O, no widgets."""
