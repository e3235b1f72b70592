"""The bottom layer: the data model, reading a county folder (safely), validation, the linked project and
the machinery every domain shares (errors, settings, atomic writes, caches, processes). Imports no other
layer of the toolkit."""
