"""The MkDocs hook, building and serving the site, and the checks run on a built site."""
