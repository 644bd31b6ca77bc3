check tests/errors
