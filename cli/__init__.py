"""The command line's printing side: ``commands`` calls one operation of ``workflows`` per
command and prints its result; ``main.py`` parses the arguments."""
