test tests/errors
