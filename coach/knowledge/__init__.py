"""The knowledge base: guidance documents, lexical and vector search, embeddings, similarity.

chromadb and the embedding model are imported lazily, by ``index`` and ``embeddings`` only.
"""
