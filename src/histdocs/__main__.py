"""Allow `python -m histdocs`."""

from .cli import main

raise SystemExit(main())
