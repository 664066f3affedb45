"""The published book: Sphinx extension, page scripts, policy, chapter index and SCORM package.

Nothing is imported here, so the browser notebooks load only what they use."""
