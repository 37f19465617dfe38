"""`python -m landform` is the `landform` command."""

from landform.cli.main import main

main()
