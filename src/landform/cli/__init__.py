"""The `landform` command: all printing and progress lives here."""
