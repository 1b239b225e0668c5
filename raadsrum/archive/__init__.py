"""The archive: import published minutes (PDF, DOCX, text) and find decisions in them."""
