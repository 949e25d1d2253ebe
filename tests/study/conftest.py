from tests.training.personas import staff  # noqa: F401 (fixture)
