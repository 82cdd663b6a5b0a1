"""The comparison side of clausewise: reading reference laws, aligning, diffing and reporting."""
