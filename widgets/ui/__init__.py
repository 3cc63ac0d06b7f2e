"""ipywidgets views: bind widgets to models, never compute."""
