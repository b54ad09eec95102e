"""Entry point for ``python -m shulorch``."""

from shulorch.cli import main

if __name__ == "__main__":
    main()
