"""Evals: the rubric against labelled sets, retrieval, and the quality of rewrites.
"""
