"""Development tools: benchmarks, the crash test, evaluations and model training.

Not part of a run: ``flows`` never imports them; the CLI's ``bench`` and ``eval`` commands load
them only when called. Run them from a checkout, e.g. ``python -m tools.crashtest``.
"""
