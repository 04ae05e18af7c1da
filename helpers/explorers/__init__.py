"""Explorers: pure drawing functions (tested in tests/) plus thin widget wrappers.

One module per notebook topic. Each module exposes ``draw_*`` functions that
return a matplotlib Figure for given parameter values, and ``*_explorer()``
functions that wrap them with :func:`helpers.widgets.explorer`.
"""
