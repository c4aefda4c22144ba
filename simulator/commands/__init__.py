"""The headless ``fundsim`` sub-commands, one module each.

Each module defines ``register(subparsers)``, which adds its parser and sets ``handler`` (a
function of the parsed arguments returning the exit status). To add a command, add a module and
its name to :data:`COMMANDS`; :mod:`simulator.cli` does the rest.
"""

#: Sub-command modules, in the order ``fundsim --help`` lists them.
COMMANDS = [
    "run",
    "report",
    "presets",
    "bench",
    "metrics",
    "compare",
    "map",
    "sweep",
    "sensitivity",
    "solve",
]
