check --signature tests/errors/e0432_signature_sens.cible
