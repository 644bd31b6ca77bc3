check --signature tests/errors/e0430_signature.cible
