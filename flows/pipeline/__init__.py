"""A run over a folder of captures: plain steps (discover, batch, state, sites, writer, lock,
manifest, report, near-duplicates, sweep) and the Prefect flow that wraps them (``flow``)."""
