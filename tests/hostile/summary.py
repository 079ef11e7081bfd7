#!/usr/bin/python3
"""Prints the number of hostile-server cases per class (for the README table)."""
import collections
import glob
import os

HERE = os.path.dirname(os.path.abspath(__file__))
classes = collections.OrderedDict()
for path in sorted(glob.glob(os.path.join(HERE, "cases", "*.case"))):
    with open(path, encoding="utf-8") as f:
        cls = next((l[8:].strip() for l in f if l.startswith("# class:")), "?")
    classes.setdefault(cls, []).append(os.path.basename(path)[:-5])
print("| class | cases |")
print("|---|---|")
for cls, names in classes.items():
    print("| %s | %d |" % (cls, len(names)))
print("| **total** | **%d** |" % sum(len(n) for n in classes.values()))
