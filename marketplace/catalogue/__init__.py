"""The catalogue: what the storefront reads (queries, browse, search), listings and stock."""
