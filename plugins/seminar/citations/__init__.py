"""Citations: Pandoc citation syntax, BibTeX sources, CSL formatting by Pandoc's citeproc.

Plain Python: nothing in this package imports MkDocs.
"""
