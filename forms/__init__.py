"""The plan, its template and their rules: no Qt, no database."""

from types import SimpleNamespace

from forms.deferred_import import called_on_use, stand_ins, while_imported

# pydantic's plugin loader imports importlib.metadata at its top (email, importlib.resources:
# 13-16 ms of each command that reads a plan), to look for plugins PeakPlan turns off
# (PYDANTIC_DISABLE_PLUGINS, set by main.py); it is loaded if the search ever runs.
_PLUGIN_SEARCH = {
    ("importlib.metadata", ("entry_points",)): (
        "importlib.metadata",
        lambda: SimpleNamespace(entry_points=called_on_use("importlib.metadata", "entry_points")),
    )
}
while_imported("pydantic.plugin._loader", lambda: stand_ins(_PLUGIN_SEARCH))
