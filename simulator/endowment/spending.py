"""Spending rules: how much an endowment pays out in grants each year.

Each rule sets the year's grant budget (pounds of the day) at the start of the year from the
fund's value, its history and inflation; the budget is then paid in ``steps_per_year`` equal
instalments. Every rule's budget is then held between the real floor and ceiling, and no rule
ever pays more than the fund holds.
"""

from __future__ import annotations

import numpy as np

from simulator.scenario import EndowmentConfig


class SpendingRule:
    """Keeps what a rule needs between years, for a chunk of paths."""

    def __init__(self, cfg: EndowmentConfig, paths: int) -> None:
        self.cfg = cfg
        self.history: list[np.ndarray] = []  # start-of-year values, most recent last
        self.last_budget = np.zeros(paths)
        self.last_price = np.ones(paths)

    def budget(self, year: int, value: np.ndarray, price: np.ndarray) -> np.ndarray:
        """Grant budget for ``year`` given start-of-year ``value`` and price level ``price``."""
        cfg = self.cfg
        rule = cfg.spending_rule
        if rule == "smoothed":
            self.history.append(value.copy())
            if len(self.history) > cfg.smoothing_years:
                self.history.pop(0)
        if rule == "fixed_rate":
            budget = cfg.spending_rate * value
        elif rule == "smoothed":
            budget = cfg.spending_rate * np.mean(self.history, axis=0)
        elif rule == "tobin":
            target = cfg.spending_rate * value
            if year == 0:
                budget = target
            else:
                grown = self.last_budget * (price / self.last_price)
                budget = cfg.tobin_weight * grown + (1 - cfg.tobin_weight) * target
        elif rule == "real_fixed":
            amount = cfg.real_fixed_amount or cfg.spending_rate * cfg.initial
            budget = amount * price
        elif rule == "spend_down":
            left = cfg.spend_down_years - year
            budget = value / left if left > 0 else value
        else:  # guardrails
            target = cfg.spending_rate * value
            if year == 0:
                budget = target
            else:
                previous_real = self.last_budget / self.last_price
                real = np.clip(
                    target / price,
                    previous_real * (1 - cfg.guardrail_down),
                    previous_real * (1 + cfg.guardrail_up),
                )
                budget = real * price
        if cfg.spending_floor > 0:
            budget = np.maximum(budget, cfg.spending_floor * price)
        if cfg.spending_ceiling > 0:
            budget = np.minimum(budget, cfg.spending_ceiling * price)
        budget = np.minimum(budget, value)  # never more than the fund holds (rules give >= 0)
        self.last_budget, self.last_price = budget, price
        return budget
