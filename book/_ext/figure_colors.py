"""Colour names in the prose come from momentum_lib's colour table, never typed by hand.

Registers MyST substitutions ``{{ en_color_GD }}`` ("grey"), ``{{ ko_color_GD }}`` ("회색"),
``{{ en_color_extra1 }}`` ("orange"), ``{{ en_color_band }}`` and so on, from
``momentum_lib.plotting.color_substitutions()``: if a figure's colour changes in the library,
every caption that names it changes with it.
"""

from __future__ import annotations


def _register(app, config) -> None:
    from momentum_lib.plotting import color_substitutions

    substitutions = dict(config.myst_substitutions or {})
    substitutions.update(color_substitutions())
    config.myst_substitutions = substitutions


def setup(app):
    app.connect("config-inited", _register)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
