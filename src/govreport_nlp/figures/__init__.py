"""Figures: every number in the text, read exactly, and what it is.

``numerals`` reads Arabic and Chinese numerals; ``numbers`` finds figures with their units and
hedges; ``roles`` decides whether a figure is a target or an outcome; ``indicators`` names what
each figure counts.
"""
