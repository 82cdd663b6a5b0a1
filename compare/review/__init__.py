"""One bill against its own earlier versions: versions, redlines, the 新旧対照表."""
