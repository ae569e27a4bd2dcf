"""Debian's wapiti 3.0.4, run by the interpreter it is installed for (/usr/bin/python3),
with two corrections made here rather than in the system's files:

- its `--exclude` patterns are compiled with a trailing `(?ms)`, which Python 3.11 refuses
  ("global flags not at the start"), so every `-x` crashes the scan; the flags go first;
- it loads every module, and the fingerprinting one (`wapp`, never chosen by this scan)
  downloads its database from GitHub when it has none: a scan in CI reaches nothing but
  the shop it scans.

Arguments are wapiti's own.
"""

import re
import sys

from wapitiCore.attack import mod_wapp
from wapitiCore.main.wapiti import wapiti_main
from wapitiCore.net import crawler


def wildcard_translate(pattern: str) -> re.Pattern:
    """`*` matches anything, every other character itself (wapiti's own rule)."""
    return re.compile(r"(?ms)" + ".*".join(re.escape(part) for part in pattern.split("*")) + r"\Z")


crawler.wildcard_translate = wildcard_translate
mod_wapp.mod_wapp.update = lambda self: None

if __name__ == "__main__":
    sys.argv[0] = "wapiti"
    sys.exit(wapiti_main())
