"""Running the shop: CLI commands, backup and restore, integrity checks, database support."""
