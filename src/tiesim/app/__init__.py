"""The classroom demo: a Mesa SolaraViz page of the weak-ties model, and GIF export.

``tiesim demo`` serves :mod:`tiesim.app.app` (the view) with ``solara run``; ``tiesim animate``
renders a run to an animated GIF with the same drawing code (:mod:`tiesim.app.drawing`), no
browser needed.  The pieces:

* :mod:`tiesim.app.presets`     the lesson presets, as plain data
* :mod:`tiesim.app.demo_model`  the model the page drives: flat keyword parameters, the
  "cut the weak ties" event, and the "who told whom" rows
* :mod:`tiesim.app.layout`      node positions, computed once per graph from a fixed seed
* :mod:`tiesim.app.drawing`     the network figure; :mod:`tiesim.app.charts` the live plots
* :mod:`tiesim.app.animate`     frames and GIF
"""
