"""Reading: bytes as found (files, folders, archives, standard input) into documents.

``sources`` walks inputs and unpacks archives within limits; ``load`` sniffs each blob's format
and hands it to a reader in ``formats`` (encodings, HTML, DOCX, PDF, tabular containers), which
gives the document's text, its tables and their cells.  Nothing here knows what a report says.
"""
