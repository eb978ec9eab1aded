"""The engine: ticked symptoms in, an explained assessment out. Pure functions over the content.

It reads one way: ``triage`` (which red flags match, the level, the screening questions), then
``match`` (guidance and checklists, and what is held back), then ``assessment`` (``assess``, which
puts it all together). The rule language the red flags are written in is ``backlearn.content.rules``.
``promises`` checks, as content is loaded, what the engine promises about it (its ``load_content``
is ``backlearn.load_content``).

Each name is public in its own module (``backlearn.engine.assessment.assess``, ...), and the notebooks
take them from ``backlearn``; this face lists none of them again.
"""
