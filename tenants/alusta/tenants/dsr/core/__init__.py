"""The shared core of the request domain: models, states, outcomes, sealing and transitions."""
