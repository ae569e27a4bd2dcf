"""The web-vulnerability scan (issue 15): wapiti and sqlmap against the served shop."""
