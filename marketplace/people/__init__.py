"""Accounts (sign-up, passwords, roles) and the audit log of sensitive changes."""
