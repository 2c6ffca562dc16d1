"""The lint engine, one module a responsibility: ``settings`` (validated once),
``engine`` (rules over a reply; the only place a Finding is built), ``batch`` (which
files, and the process pool) and ``fix``.

Nothing is re-exported here, so importing one of them loads only what it needs.
"""
