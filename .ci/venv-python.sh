#!/bin/sh
# Which Python the virtualenv is made from: the one given (make PYTHON=...), else the system's
# own /usr/bin/python3 when it is 3.11 or newer and can make a virtualenv (Debian: python3-venv,
# which `make setup` installs), else python3 from PATH.
#
# Why the system's: Debian builds its interpreter with profile-guided and link-time optimisation;
# a plain build from source (pyenv's: shared libpython, no PGO) runs PeakPlan's Python code
# 15-20 % slower, and the user feels it in every start and export.
if [ -n "$1" ]; then
    echo "$1"
elif /usr/bin/python3 -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' \
        2>/dev/null; then
    echo /usr/bin/python3
else
    echo python3
fi
