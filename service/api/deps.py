"""Small dependencies that hand routes the long-lived components built by `create_app`.

They are `async def` on purpose: FastAPI runs a plain `def` dependency in the thread pool, and each hop to a
worker thread and back costs a request more than the lookup itself (on a busy machine, milliseconds). Only a
(re)load of the index, which reads files, is sent to a worker thread.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from service.api.dispatch import Dispatcher
from service.metrics import Metrics
from service.qa.engine import Engine
from service.runtime import Runtime


async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def get_dispatcher(request: Request) -> Dispatcher:
    dispatcher: Dispatcher = request.app.state.dispatcher
    return dispatcher


async def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


async def get_engine(runtime: Annotated[Runtime, Depends(get_runtime)]) -> Engine:
    engine = runtime.serving_engine()
    if engine is not None:
        return engine
    return await run_in_threadpool(runtime.get_engine)  # a start-up retry or a new snapshot: may read files


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
EngineDep = Annotated[Engine, Depends(get_engine)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
DispatcherDep = Annotated[Dispatcher, Depends(get_dispatcher)]
