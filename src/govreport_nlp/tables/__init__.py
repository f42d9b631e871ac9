"""Tables: the national disclosure template as keyed cells.

``template`` holds the template's tables, rows and columns (the keys); ``cells`` reads the
printed tables into cells and checks the arithmetic they imply; ``restate`` links prose figures
that restate a cell.
"""
