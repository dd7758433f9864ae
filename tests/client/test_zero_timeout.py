"""A getter with ``timeout=0`` reads what is already waiting, as jupyter_client's do.

Found while building notebook execution (jovi.nbconvert.execution.runner, which peeks
with a 5 ms timeout instead): ``BlockingKernelClient._next`` raises ``KernelTimeout``
before it reads the socket when the time left is 0, so ``get_reply(msg_id, timeout=0)``
misses a reply that has arrived.  Expected to fail until jovi.client is fixed.
"""

from __future__ import annotations

import time

import pytest

from jovi.kernels import start_kernel

pytestmark = pytest.mark.integration


@pytest.mark.xfail(strict=True, reason="jovi.client: timeout=0 never reads the socket")
def test_a_zero_timeout_returns_a_reply_that_has_arrived():
    manager, client = start_kernel("pyimport/jovi", startup_timeout=30)
    try:
        msg_id = client.execute("1")
        time.sleep(1.0)  # the reply is in the socket by now
        assert client.get_reply(msg_id, timeout=0).content.status == "ok"
    finally:
        client.close()
        manager.shutdown(now=True)
