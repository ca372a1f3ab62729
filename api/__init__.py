"""HTTP API and web pages over the coach service layer."""
