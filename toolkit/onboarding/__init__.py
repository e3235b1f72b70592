"""Onboarding a county: `stdkit init` (a new county folder from the files in data/init and the flow
templates in data/flowcharts) and `stdkit import` (a provincial catalogue spreadsheet into item files),
and the placeholders init leaves that `stdkit check` lists until the county replaces them.

    init_county(root, name, division, prefecture, province, site_url)   # scaffold.py
    import_catalogue(sheet, root)                                       # importer.py (sheet.py reads it)
"""
