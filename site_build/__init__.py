"""Builds the course as a static JupyterLite site (``make site``): Python runs in the learner's
browser, and no request leaves the web host. See docs/deploy.md.

- ``pins``: the pinned versions (site_build/pins.toml), the one place to upgrade them.
- ``wheels``: what a wheel declares (name, version, imports, dependencies); PyYAML repacked pure.
- ``lock``: Pyodide's lock file pruned to what the site ships, checked for missing packages.
- ``notebooks``: the site's edition of the notebooks (outputs cleared, lesson 10's internet note,
  the app view with code hidden).
- ``build``: fetches from PyPI and npm into .site-cache/ and runs ``jupyter lite build``.
"""
