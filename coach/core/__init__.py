"""The core: the data model, the parser of what people paste, key-result parts and text helpers.

Nothing here imports pydantic, yaml or rich at import time, so every face starts fast.
"""
