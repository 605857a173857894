"""Reference formulas behind the worked examples in the notes (tested against the pages)."""
