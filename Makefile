# fmnist-tui: `make run` installs what is missing, builds and opens the dashboard; `make test` runs the tests;
# `make install` / `make uninstall` / `make deb` install it like a Debian tool.
APT_PACKAGES := libopenblas-dev libncursesw5-dev zlib1g-dev dataset-fashion-mnist tmux
SWIFT_RELEASE := swift build -c release
BINARY := .build/release/fmnist-tui
PREFIX ?= /usr/local
# Installed binaries link the Swift standard library statically; they build apart from .build (other flags).
# scripts/install.sh and build-deb.sh take them from $RELEASE_DIR; `make test-deb` points it at the checked build.
RELEASE_DIR ?= .build-release
RELEASE_FLAGS ?=
export RELEASE_DIR

.PHONY: run build test test-build test-deb test-asan test-tsan fuzz deps clean release-files install uninstall deb protobuf

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

# The tests run in a checked optimised build: FMNIST_CHECKED=1 makes Package.swift compile with -O
# (preconditions and bounds checks on) instead of the -Ounchecked of `make run`, `make build` and `bench`, in a
# scratch folder of its own (.build-checked), so that the two never rebuild each other's objects. Optimised,
# because the numeric tests train small models; -enable-testing keeps @testable imports. TEST_ARGS goes to
# `swift test` (e.g. TEST_ARGS='--filter Divergence').
CHECKED_SWIFT := -c release -Xswiftc -enable-testing --scratch-path .build-checked
test: deps test-build
	FMNIST_CHECKED=1 swift test $(CHECKED_SWIFT) --skip-build $(TEST_ARGS)

test-build:
	FMNIST_CHECKED=1 swift build $(CHECKED_SWIFT) --build-tests

# The .deb end to end (root; CI runs it after `make test`): `make deb` from the checked build's objects, so that
# only the static link and the manual generator are built, then DebianPackageTests packs, installs, runs and
# purges it. (`FMNIST_TEST_DEB=1 make test` runs the same test with a full `make deb` of its own.)
test-deb: deps test-build
	FMNIST_CHECKED=1 $(MAKE) release-files RELEASE_DIR=.build-checked RELEASE_FLAGS=-Xswiftc\ -enable-testing
	FMNIST_CHECKED=1 FMNIST_TEST_DEB=1 FMNIST_DEB_FROM=.build-checked swift test $(CHECKED_SWIFT) --skip-build \
		--filter DebianPackageTests

# Sanitizers, each in a debug build of its own scratch folder: AddressSanitizer over the engine and the model
# files (unsafe pointers), ThreadSanitizer over the concurrent parts (compute pool, dashboard session, trainer
# control, run lock, runs watcher). Tests/lsan-suppressions.txt names the one leak that is not ours (XCTest's).
ASAN_TESTS := NeuralNetTests|ModelFilesTests
TSAN_TESTS := poolOfOneAndTwoThreadsAgree|poolRunsEveryPartAcrossManyJobs|SessionTests|aPausedTrainerWaits|aRunningStateWithoutALiveTrainer|RunsWatcherTests
test-asan:
	swift build --sanitize address --scratch-path .build-asan --build-tests
	LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt \
		swift test --sanitize address --scratch-path .build-asan --skip-build --filter '$(ASAN_TESTS)'
test-tsan:
	swift build --sanitize thread --scratch-path .build-tsan --build-tests
	swift test --sanitize thread --scratch-path .build-tsan --skip-build --filter '$(TSAN_TESTS)'
	# The pool's stress test alone: its 12 pools of spinning threads would starve the timed tests above.
	swift test --sanitize thread --scratch-path .build-tsan --skip-build --filter ComputePoolTests

# libFuzzer targets of Fuzz/Targets, each for FUZZ_SECONDS (default 60); see Fuzz/fuzz.sh.
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) Fuzz/fuzz.sh

# The statically linked binary, and swift-argument-parser's manual generator (for the man page).
release-files:
	swift build -c release $(RELEASE_FLAGS) --static-swift-stdlib --scratch-path $(RELEASE_DIR) --product fmnist-tui
	swift build -c release --package-path $(RELEASE_DIR)/checkouts/swift-argument-parser \
		--scratch-path $(RELEASE_DIR)/tools --product generate-manual

# Checks the permission first, so that a build of minutes does not end in "permission denied".
install:
	scripts/install.sh check $(PREFIX)
	$(MAKE) release-files
	scripts/install.sh install $(PREFIX)

uninstall:
	scripts/install.sh uninstall $(PREFIX)

deb: release-files
	scripts/build-deb.sh

# Regenerates Sources/TensorBoard/Protobuf from Protos/ (needs protoc and protoc-gen-swift; see the script).
protobuf:
	scripts/generate-protobuf.sh

clean:
	rm -rf .build $(RELEASE_DIR) .build-checked .build-asan .build-tsan .build-fuzz
