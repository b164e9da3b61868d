"""`python -m scrnews` runs the command line."""

from .cli import cli

if __name__ == "__main__":
    cli(prog_name="scrnews")
