"""The documents of a plan: PDF, Word, workbook, JSON and the submission package."""

from exporters.reportlab_import import defer_reportlab_work

defer_reportlab_work()
