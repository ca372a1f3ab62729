"""One route module per resource; each is a thin layer over coach's service functions."""
