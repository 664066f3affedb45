"""Tools for tutors: the stt-course command, the answer key and the originality check.

Nothing is imported here, so the browser notebooks load only what they use."""
