# drover - build, test, demo, benchmark and install.
#
#   make run      install what is missing, build, start a demo (3 redis-servers + drover)
#   make test     install what is missing, build and run every test
#   make build    release build: .build/release/drover
#   make bench    benchmarks (scripts/bench.sh; results go in BENCHMARKS.md)
#   make reliability  failure drills beside nutcracker (scripts/reliability.py; RELIABILITY.md)
#   make soak     30-minute soak: mixed traffic, hang-ups, backend restarts, SIGHUPs (SOAK_SECONDS=)
#   make fuzz     libFuzzer over the framers and the config loader (FUZZ_SECONDS= per target)
#   make install  PREFIX=/usr/local DESTDIR= : binary, config, systemd unit
#   make deps     install missing Debian packages and .venv with redis-py
#   make clean    remove build products

SHELL := /bin/bash
.DEFAULT_GOAL := build

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR := $(PREFIX)/bin
SYSCONFDIR := /etc/drover
UNITDIR := $(PREFIX)/lib/systemd/system
SWIFT ?= swift
RELEASE_BIN := .build/release/drover

# The toolchain lives in /opt/swift on the project's machines.
export PATH := $(PATH):/opt/swift/usr/bin

.PHONY: all deps deps-system build test run bench reliability install uninstall clean distclean fuzz soak help

all: build

help:
	@sed -n 's/^#   //p' Makefile

deps:
	@scripts/deps.sh

deps-system:
	@scripts/deps.sh --no-venv

build: deps-system
	$(SWIFT) build -c release
	@echo "built $(RELEASE_BIN)"

test: deps
	@scripts/test.sh

run: build
	@scripts/run-demo.sh

bench: build
	@scripts/bench.sh

reliability: build deps
	@.venv/bin/python scripts/reliability.py

install:
	@[ -x $(RELEASE_BIN) ] || { echo "no $(RELEASE_BIN): run \`make build\` first" >&2; exit 1; }
	install -D -m 0755 $(RELEASE_BIN) $(DESTDIR)$(BINDIR)/drover
	@# An existing config is the operator's: never overwrite it.
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/drover.yml ]; then \
		echo "keeping existing $(DESTDIR)$(SYSCONFDIR)/drover.yml"; \
	else \
		echo "install -D -m 0644 config/drover.yml $(DESTDIR)$(SYSCONFDIR)/drover.yml"; \
		install -D -m 0644 config/drover.yml $(DESTDIR)$(SYSCONFDIR)/drover.yml; \
	fi
	@if [ -f systemd/drover.service ]; then \
		echo "install systemd/drover.service -> $(DESTDIR)$(UNITDIR)/drover.service"; \
		mkdir -p $(DESTDIR)$(UNITDIR); \
		sed -E 's|/usr(/local)?/bin/drover|$(BINDIR)/drover|g' systemd/drover.service \
			> $(DESTDIR)$(UNITDIR)/drover.service; \
		chmod 0644 $(DESTDIR)$(UNITDIR)/drover.service; \
	fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/drover $(DESTDIR)$(UNITDIR)/drover.service
	@echo "left $(DESTDIR)$(SYSCONFDIR) in place"

clean:
	rm -rf .build

distclean: clean
	rm -rf .venv .swiftpm

FUZZ_SECONDS ?= 60

fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

SOAK_SECONDS ?= 1800

soak: build
	scripts/soak.py --drover $(RELEASE_BIN) --duration $(SOAK_SECONDS)
