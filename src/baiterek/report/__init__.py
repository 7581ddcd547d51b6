"""The mission analysis report: one self-contained offline HTML file (and its PDF print).

One module per section, each a function of one result object (the API's results, read through
their documents and arrays; never the physics) returning its HTML fragment; ``assemble``
puts them behind the one-page summary and a contents page; ``pdf`` prints the page with
headless Chromium. Layer: above ``export`` (the safety map figure is ``export.safety_map``'s),
below the API.
"""
