"""The guideline templates, as data files (TOML) beside this module; see README.md."""
