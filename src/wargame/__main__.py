"""``python -m wargame`` runs the command line."""

from wargame.cli.main import main

raise SystemExit(main())
