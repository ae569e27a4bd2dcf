"""Demo-data helpers (synthetic product photos and the like)."""
