"""The credential checker: its rules and links (data/), engine, practice profiles and widget.

Nothing is imported here, so the browser notebooks load only what they use."""
