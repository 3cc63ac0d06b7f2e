"""Workshop modules. Each submodule registers a ``ModuleSpec`` when imported."""
