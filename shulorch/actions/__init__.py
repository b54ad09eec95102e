"""Stock actions, one package per phase, all behind :mod:`shulorch.actions.base`."""
