"""The runner's kernel: shut down without the interrupt that made a successful run log a KeyboardInterrupt."""

from __future__ import annotations

import asyncio
import signal

from textkit.runner import _kernel_manager_class


def test_the_kernel_is_shut_down_without_an_interrupt():
    # jupyter_client sends SIGINT before every shutdown; arriving while ipykernel finishes its last
    # reply, it logged "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel." after `make run`.
    manager = _kernel_manager_class()(kernel_name="python3")
    sent: list[int] = []
    original = manager._async_signal_kernel

    async def spy(signum):
        sent.append(signum)
        await original(signum)

    manager._async_signal_kernel = spy

    async def run():
        await manager.start_kernel(extra_arguments=["--IPKernelApp.log_level=ERROR"])
        await manager.interrupt_kernel()  # an interrupt asked for still reaches the kernel
        await manager.shutdown_kernel()
        return await manager.is_alive()

    assert asyncio.run(run()) is False
    assert sent == [signal.SIGINT]  # the one asked for; none from the shutdown
