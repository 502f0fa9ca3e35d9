"""The lock written by `make lock` agrees with pyproject.toml: every dependency is pinned at a version
its range allows, development is held to production's pins, and every pin carries its hashes."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
MAIN = [Requirement(r) for r in PROJECT["dependencies"]]
DEV = [Requirement(r) for r in PROJECT["optional-dependencies"]["dev"]]


def read_lock(name: str) -> dict[str, list[tuple[Requirement, list[str]]]]:
    """Each package's pins (a universal lock may pin one package twice, under different markers),
    each with its hashes."""
    text = (ROOT / "requirements" / name).read_text()
    pins: dict[str, list[tuple[Requirement, list[str]]]] = {}
    for line in text.replace("\\\n", " ").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        requirement, _, hashes = line.partition(" --hash=")
        pin = Requirement(requirement)
        pins.setdefault(canonicalize_name(pin.name), []).append(
            (pin, re.findall(r"sha256:([0-9a-f]{64})", "--hash=" + hashes))
        )
    return pins


PRODUCTION = read_lock("production.txt")
DEVELOPMENT = read_lock("development.txt")


def versions(pins) -> list[str]:
    return sorted(str(pin.specifier).removeprefix("==") for pin, _ in pins)


@pytest.mark.parametrize(
    "lock, requirement",
    [("production.txt", r) for r in MAIN] + [("development.txt", r) for r in MAIN + DEV],
    ids=lambda value: str(value),
)
def test_every_dependency_is_pinned_within_its_range(lock, requirement):
    pins = {"production.txt": PRODUCTION, "development.txt": DEVELOPMENT}[lock].get(
        canonicalize_name(requirement.name)
    )
    assert pins, f"{requirement.name} is not in requirements/{lock}: run `make lock`"
    for version in versions(pins):
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements/{lock} pins {requirement.name}=={version}, outside pyproject.toml's "
            f"{requirement}: run `make lock`"
        )


def test_development_holds_every_production_pin():
    differ = {
        name: (versions(pins), versions(DEVELOPMENT.get(name, [])))
        for name, pins in PRODUCTION.items()
        if versions(pins) != versions(DEVELOPMENT.get(name, []))
    }
    assert not differ, f"production and development pins differ (production, development): {differ}"


@pytest.mark.parametrize("lock", [PRODUCTION, DEVELOPMENT], ids=["production.txt", "development.txt"])
def test_every_pin_is_exact_and_hashed(lock):
    assert lock
    for pins in lock.values():
        for pin, hashes in pins:
            assert re.fullmatch(r"==[^,*]+", str(pin.specifier)), f"{pin} is not one exact version"
            assert hashes, f"{pin} has no hash"
