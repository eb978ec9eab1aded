"""Live class results: learners' case-study levels and quiz answers, gathered by a JupyterHub service.

- :mod:`.answers`: what one answer is, checked against the content (pure).
- :mod:`.tally`: the anonymous spread of answers per case and per question (pure).
- :mod:`.store`: answers kept through SQLAlchemy (SQLite by default, PostgreSQL by URL).
- :mod:`.service`: the hub service (tornado + ``HubOAuth``): learners post and read their own
  answers; the teacher (a hub admin or a member of the teacher group) reads the results page.
- :mod:`.client`: what the case and quiz widgets call to post an answer; it sends nothing unless
  the hub set ``BACKLEARN_CLASS_RESULTS_URL`` and a hub token in the learner's environment.

Nothing from the symptom explorer is ever sent: only the case and quiz widgets call the client.
"""
