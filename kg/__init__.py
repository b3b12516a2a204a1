"""dipkg: news articles in, a knowledge graph of relations between states out."""

__version__ = "0.1.0"
