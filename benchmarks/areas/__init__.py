"""The areas of `make robustness`, one module each; each ``run(work, ...)`` throws bad input at one
surface and returns its row of the table (robustness_harness.Area). benchmarks/robustness.py runs them."""
