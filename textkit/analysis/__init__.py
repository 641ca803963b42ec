"""What the notebooks compute: keywords, topics, co-occurrence, groups, time, descriptions.

Analyses take tokens or counts and return tables; they never draw or write
files (that is :mod:`textkit.output`).
"""
