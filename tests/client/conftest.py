"""Fixtures of the client tests: the same kernels as the kernel-management tests."""

from __future__ import annotations

from tests.kernels.conftest import ipykernel_spec, kernel_name, user_kernels

__all__ = ["ipykernel_spec", "kernel_name", "user_kernels"]
