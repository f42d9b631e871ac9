"""Delivery: parsed reports handed to other systems.

``batch`` parses many inputs in order and in parallel; ``outputs`` writes JSON Lines, CSV,
Parquet and SQLite; ``frames`` builds pandas DataFrames; ``dask`` scales out on a cluster;
``spacy_component`` puts figures on a spaCy ``Doc``; ``render`` draws a report's tree for a
terminal.  Everything here wraps :mod:`govreport_nlp.pipeline`; nothing below imports it.
"""
