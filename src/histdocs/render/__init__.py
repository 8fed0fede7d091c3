"""Renderers: draw a plan in one format (reportlab PDF, python-pptx PPTX)."""
