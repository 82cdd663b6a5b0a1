"""`clausewise check`: the rules a draft must pass, and their report formats."""
