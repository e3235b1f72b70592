"""Office file formats: OOXML for Word, the DOCX kit, reproducible zip packages and workbooks, PDF through
LibreOffice, font checks. Knows file formats and nothing about government services; imports only
toolkit.core."""
