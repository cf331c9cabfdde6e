# Cramp Diary: `make run` opens the app, `make test` runs every check.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: run deps build test fmt clippy unit bench package

run: deps
	cargo run -p cramp-diary-app

deps:
	bash scripts/setup.sh

build: deps
	cargo build --workspace

test: deps
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p cramp-diary-app --test installed -- -D warnings  # test = false: --all-targets skips it
	cargo test --workspace
	bash scripts/moved-clock-tests.sh
	bash scripts/installed-package-test.sh

bench: deps
	cargo bench -p cramp-diary
	cargo bench -p cramp-diary-app --bench app

package: deps
	bash scripts/package.sh
