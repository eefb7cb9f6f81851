"""Handlers of the non-interactive commands: parsed arguments in, exit status out."""
