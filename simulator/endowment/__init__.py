"""The Levelling Up Communities Fund endowment: returns and inflation (:mod:`.markets`), spending
rules (:mod:`.spending`), the Monte Carlo run over paths and steps (:mod:`.run`) and its summary
(:mod:`.summary`)."""
