"""Everything around the cleaning core that a user's install runs.

- ``flows.cli``: the ``presswash`` command (parses options, hands off).
- ``flows.pipeline``: the run over a folder: discover, clean batches, remember, report,
  and the Prefect flow (``flows.pipeline.flow``) that wraps it.

Development tools (benchmarks, the crash test, evaluations) live apart, in ``tools/``.
"""
