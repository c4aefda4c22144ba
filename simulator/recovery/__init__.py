"""The Community Recovery Fund: need index and eligibility (:mod:`.allocation`), the formula with
floors and caps (water-filling), competitive rounds (:mod:`.competition`), the Monte Carlo run
(:mod:`.run`), fairness measures (:mod:`.fairness`) and the fund-wide summary (:mod:`.summary`)."""
