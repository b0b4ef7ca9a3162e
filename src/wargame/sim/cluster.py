"""Monte-Carlo on a Dask cluster: a batch's chunks become tasks, played wherever the workers are.

The client seals each spec (its scenario and decks travel with it, with their content hash, as a
save embeds them) and submits those rules once, as a task of their own; each chunk (spec, first
game, count) is a small task that depends on it, so a chunk's message is a few hundred bytes and
the rules cross the network about once per worker, and are rebuilt by the scheduler if the worker
holding them dies. A worker refuses to play for a client of another version (app and rules), then
plays the chunk with ``sim.batch.play_task``, as the local threads do: game k depends only on
(seed, k), so a run gives the same records on any cluster. Dask reruns the chunks of a worker that
dies; leaving a run early (an error, Ctrl-C) cancels what is left of it on the cluster.
"""

from __future__ import annotations

import dataclasses
import logging
import socket
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wargame.sim.batch import Task, play_task
from wargame.store.verify import APP as VERSION  # "wargame X (rules N)", as saves name the app

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

    from wargame.sim.spec import BatchSpec

#: ``--scheduler local:N``: a cluster of N worker processes on this machine.
LOCAL = "local:"
#: Seconds to wait for the scheduler to answer, and then for it to have a worker.
CONNECT_TIMEOUT = 10.0
DEFAULT_PORT = 8786


class ClusterError(RuntimeError):
    """The cluster cannot play the batch; the message is one line a user can act on."""


class VersionMismatch(ClusterError):
    """A worker runs another version of the game than the client."""


@dataclass
class Cluster:
    """A connected Dask client, and the local cluster it started (``local:N``), closed together."""

    client: Client
    address: str
    local: LocalCluster | None = None

    def workers(self) -> int:
        """The cluster's worker threads (each plays one chunk at a time)."""
        return max(1, sum(self.client.nthreads().values()))

    def close(self) -> None:
        self.client.close()
        if self.local is not None:
            self.local.close()

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_address(address: str) -> None:
    """``ValueError`` unless ``address`` is ``local:N`` (N >= 1) or a scheduler address (nothing is contacted)."""
    from distributed.comm.addressing import parse_address, parse_host_port

    if address.startswith(LOCAL):
        n = address.removeprefix(LOCAL)
        if not n.isdigit() or int(n) < 1:
            raise ValueError(f"--scheduler {address!r}: expected local:N with N >= 1 worker processes")
        return
    try:
        scheme, location = parse_address(address)
        if scheme in ("tcp", "tls"):
            parse_host_port(location, default_port=DEFAULT_PORT)
    except ValueError as exc:
        raise ValueError(f"--scheduler {address!r}: expected tcp://HOST:PORT or local:N ({exc})") from None


def connect(address: str, timeout: float = CONNECT_TIMEOUT) -> Cluster:
    """Connect to the scheduler at ``address`` (``tcp://host:8786``), or start ``local:N``.

    Raises ``ValueError`` for a malformed address, ``ClusterError`` when the scheduler cannot be
    reached or has no worker.
    """
    from distributed import Client, LocalCluster

    check_address(address)
    if address.startswith(LOCAL):
        # One thread a process: engine bots are Python, and the core gains nothing from sharing a process.
        local = LocalCluster(n_workers=int(address.removeprefix(LOCAL)), threads_per_worker=1, processes=True,
                             dashboard_address=None, silence_logs=logging.ERROR)
        return Cluster(Client(local, set_as_default=False), local.scheduler_address, local)
    _probe(address, timeout)
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        client.close()
        raise ClusterError(f"the Dask scheduler at {address} has no workers after {timeout:g} s; "
                           f"start some with `dask worker {address}`") from None
    return Cluster(client, address)


def _probe(address: str, timeout: float) -> None:
    """Fail at once, in one line, when nothing listens at a TCP scheduler address (Dask would retry until its timeout)."""
    from distributed.comm.addressing import parse_address, parse_host_port

    scheme, location = parse_address(address)
    if scheme not in ("tcp", "tls"):
        return
    host, port = parse_host_port(location, default_port=DEFAULT_PORT)
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {reason.lower()}") from None


def run_tasks(cluster: Cluster, tasks: Sequence[Task]) -> Iterator[tuple[int, int, Any]]:
    """Submit every chunk, then yield what ``play_task`` returns for each as it finishes.

    On leaving (done, an error, Ctrl-C) every task of the run still on the cluster is cancelled.
    """
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    client = cluster.client
    run = uuid.uuid4().hex[:8]
    rules: dict[str, Future] = {}  # sealed content -> the task that hands it to the workers
    # spec index -> the spec without its content (which travels once, in ``rules``), and that task
    bare: dict[int, tuple[BatchSpec, Future]] = {}
    pending: dict[str, Future] = {}
    try:
        for job, spec, seed, start, stop, fold in tasks:
            if job not in bare:
                sealed = spec.sealed()
                assert sealed.content is not None
                if sealed.content not in rules:
                    rules[sealed.content] = client.submit(_receive_rules, VERSION, sealed.content,
                                                          key=f"wargame-rules-{run}-{len(rules)}")
                bare[job] = (dataclasses.replace(sealed, content=None), rules[sealed.content])
            spec_bare, content = bare[job]
            future = client.submit(_play_on_worker, VERSION, content, (job, spec_bare, seed, start, stop, fold),
                                   key=f"wargame-games-{run}-{job}-{start}")
            pending[future.key] = future
        for future, result in as_completed(list(pending.values()), loop=client.loop, with_results=True):
            pending.pop(future.key)
            future.release()  # the worker may drop the result now
            yield result
    except KilledWorker as exc:
        raise ClusterError(f"workers kept dying while playing one chunk ({exc}); "
                           "check the workers' logs (out of memory?)") from None
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("wargame"):
            raise
        raise ClusterError(f"a worker cannot import {exc.name}: install {VERSION.split(' (')[0]} on every worker") from None
    finally:
        left = [*pending.values(), *rules.values()]
        if left:
            client.cancel(left)


def _receive_rules(client_version: str, content: str) -> str:
    """On a worker: check the client's version and the rules' content hash; the rules as received."""
    from wargame.sim.spec import BatchSpec

    _check_version(client_version)
    try:
        BatchSpec("sealed", content=content).bundle()
    except Exception as exc:  # noqa: BLE001 (a SaveError for altered rules, or rules this version cannot read)
        raise ClusterError(f"the rules a worker received do not load: {exc}") from None
    return content


def _play_on_worker(client_version: str, content: str, task: Task) -> tuple[int, int, Any]:
    """On a worker: play one chunk of the sealed spec."""
    _check_version(client_version)
    job, spec, seed, start, stop, fold = task
    return play_task((job, dataclasses.replace(spec, content=content), seed, start, stop, fold))


def _check_version(client_version: str) -> None:
    if client_version != VERSION:
        from distributed import get_worker

        raise VersionMismatch(f"worker {get_worker().address} runs {VERSION} but this client runs {client_version}: "
                              "install the same version of wargame on every worker")
