"""Structure: what a report is and how it is divided.

``meta`` reads title, issuer, year and genre from the opening of the text; ``sections`` builds
the heading tree and names the genre's standard parts (section keys).
"""
