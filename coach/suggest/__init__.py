"""Rewrites: the pipeline over objectives, one job per objective, the gate, the offline rules.

Kept free of imports so ``coach.llm.offline`` can use the offline rules without a cycle.
"""
