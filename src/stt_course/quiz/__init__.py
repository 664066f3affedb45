"""Question banks: their schema, loading, question types, payload, grading and widget.

Nothing is imported here, so the browser notebooks load only what they use."""
