import sys

from raadsrum.cli import main

sys.exit(main())
