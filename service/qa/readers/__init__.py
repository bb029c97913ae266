"""Readers of calculator facts in plain English, one module per kind of fact (spec tax-rules.md §10).

Every function here is a pure function of its text: no I/O, no calculator calls.
"""
