"""The version of servicekit (Semantic Versioning)."""

__version__ = "0.2.0"
