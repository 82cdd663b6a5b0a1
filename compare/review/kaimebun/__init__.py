"""改め文: the amending provisions of a change, generated (generate.py) and read back and
applied (apply.py), from the same change set as the redline and the 新旧対照表."""
