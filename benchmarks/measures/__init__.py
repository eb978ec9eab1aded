"""The measures of `make bench`, one module each; each has ``measure(setup, report)``, which runs its
rounds and adds its rows and notes to the report. benchmarks/run.py runs them in the order of
``MEASURES`` there."""
