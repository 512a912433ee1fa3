"""What a user does with plans, once for the command line and the app (DESIGN.md: the
operations layer).  One function per operation, plain arguments in, a result out or a
:class:`~forms.errors.LocalizedError` raised; no Qt here, and exporters are imported inside
the functions that export so that starting the app does not load them.
"""
