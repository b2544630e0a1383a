"""What a benchmark ran on, printed above its figures."""

from __future__ import annotations

import os
import platform


def describe_machine() -> str:
    return (
        f"{_cpu()}, {os.cpu_count()} CPUs, {_memory()}, {platform.system()}, "
        f"load average {load_average()} at the start"
    )


def load_average() -> str:
    """Other work on the machine stretches the tail: the figures are only as quiet as this."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def _cpu() -> str:
    for line in _read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _memory() -> str:
    for line in _read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            return f"{int(line.split()[1]) / 1024**2:.1f} GiB RAM"
    return "unknown RAM"


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return ""
