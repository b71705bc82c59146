# fmnist-tui: `make run` installs what is missing, builds and opens the dashboard; `make test` runs the tests.
APT_PACKAGES := libopenblas-dev libncursesw5-dev zlib1g-dev dataset-fashion-mnist tmux
SWIFT_RELEASE := swift build -c release
BINARY := .build/release/fmnist-tui

.PHONY: run build test deps clean

run: deps build
	$(BINARY)

build:
	$(SWIFT_RELEASE)

# Installs the apt packages that are not there yet (needs root or sudo).
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing: $$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update && $$SUDO apt-get install -y $$missing; \
	fi

# Numeric tests train small models, so they run optimised; -enable-testing keeps @testable imports.
test: deps
	swift build -c release -Xswiftc -enable-testing --build-tests
	swift test -c release -Xswiftc -enable-testing --skip-build

clean:
	rm -rf .build
