"""LetterManager: the record of letters to and from political prisoners."""

__version__ = "0.1.0"
