"""The classroom demo: a Solara page of the weak-ties model, and GIF / MP4 export.

``tiesim demo`` serves :mod:`tiesim.app.app` (the page) with ``solara run``; ``tiesim animate``
renders a run of any config, on either engine, to a GIF or MP4 with the same drawing code, no
browser needed.  The pieces:

* :mod:`tiesim.app.presets`     the lesson presets, as plain data
* :mod:`tiesim.app.demo_model`  the model the page drives: flat keyword parameters, the
  "cut the weak ties" event, the "who told whom" rows
* :mod:`tiesim.app.state`       what the pictures read of a model, the same way on both engines
* :mod:`tiesim.app.layout`      node positions, computed once per graph from a fixed seed
* :mod:`tiesim.app.drawing`     the network picture; :mod:`tiesim.app.charts` the live plots;
  :mod:`tiesim.app.raster` turning them into pixels fast
* :mod:`tiesim.app.session`     one page's state and actions (Step, Play, Reset, presets)
* :mod:`tiesim.app.screen`      how the page divides the window
* :mod:`tiesim.app.controls`, :mod:`tiesim.app.panels`, :mod:`tiesim.app.lessons`  the page's
  left column, its views, and the lesson pages for its Info tab
* :mod:`tiesim.app.animate`, :mod:`tiesim.app.video`  frames, and writing GIF or MP4
"""
