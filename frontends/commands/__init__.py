"""The ``rapport`` subcommands, one module per family, each loaded only when used
(``frontends.cli.LazyGroup``): starting one command does not import what the others need."""
