"""Alliance Workshop Kit: widgets, models and storage for strategic-alliance workshops.

Layers (arrows point one way only)::

    widgets.ui      ipywidgets views that bind widgets to models
    widgets.report  aggregation, charts and exports
    widgets.model   pure domain models: validation and every computation
    widgets.store   SQLAlchemy persistence (SQLite by default, PostgreSQL by URL)
"""

__version__ = "0.1.0"
