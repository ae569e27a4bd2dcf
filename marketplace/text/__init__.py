"""Pure functions over text: Persian normalisation and formatting, money parsing and
splitting, Iranian identifiers, provinces. Nothing here imports the rest of the project."""
