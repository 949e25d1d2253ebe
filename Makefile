# The README's two commands, as make targets, and the lint step CI runs before the tests.
.PHONY: demo test lint
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
lint:
	bash scripts/lint.sh
