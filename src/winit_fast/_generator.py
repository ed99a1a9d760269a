"""A seeded generator that gives each fill its own stream."""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable
from typing import Any

from . import _api, _initializers
from ._validate import resolve_seed

__all__ = ["Generator"]


def _stream_method(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a fill function into a method that uses the generator's seed.

    The method takes the generator's next stream id when the caller gives no
    `stream`, and has the signature of `function` without `seed`.
    """
    name = function.__name__

    @functools.wraps(function)
    def method(self: Generator, *args: Any, stream: Any = None, **kwargs: Any) -> Any:
        if "seed" in kwargs:
            raise TypeError(
                f"Generator.{name}() got an unexpected keyword argument 'seed': "
                f"a Generator always uses its own seed ({self._seed}); call "
                f"winit_fast.{name}() for another seed"
            )
        if stream is None:
            stream = self._take_stream()
        return function(*args, seed=self._seed, stream=stream, **kwargs)

    signature = inspect.signature(function)
    parameters = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    for parameter in signature.parameters.values():
        if parameter.name == "seed":
            continue
        if parameter.name == "stream":
            parameter = parameter.replace(default=None, annotation="int | str | None")
        parameters.append(parameter)
    method.__signature__ = signature.replace(parameters=parameters)
    method.__doc__ = (
        f"Call `winit_fast.{name}` with this generator's seed.\n\n"
        "Without `stream`, the call takes the next stream id of the generator.\n"
        f"See `winit_fast.{name}` for the parameters.\n"
    )
    return method


def _constant_method(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a seed-independent fill into a method that takes no stream id."""

    @functools.wraps(function)
    def method(self: Generator, *args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    signature = inspect.signature(function)
    self_parameter = inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)
    method.__signature__ = signature.replace(
        parameters=[self_parameter, *signature.parameters.values()]
    )
    method.__doc__ = (
        f"Call `winit_fast.{function.__name__}`. The result does not depend on\n"
        "the seed, so the call takes no stream id.\n"
    )
    return method


class Generator:
    """Fill arrays from one seed, giving each call its own stream.

    Every method of the module-level API (`uniform`, `normal`,
    `truncated_normal`, `random_raw` and the initializers) is a method here,
    without the `seed` argument. A call without `stream` takes the next stream
    id, 0, 1, 2, ..., so successive tensors are independent. A rerun that
    creates the generator with the same seed and makes the same calls in the
    same order reproduces every tensor bit for bit, and so does each machine
    of a sharded run. An explicit `stream` (int or str) is passed through and
    leaves the counter alone. `zeros`, `ones` and `constant` do not
    depend on the seed and take no stream id.

    The counter is protected by a lock, so Python threads sharing a generator
    never receive the same stream id. The order in which threads take ids is
    not deterministic, so give each thread's tensors an explicit `stream`
    when the run must be reproducible.

    Parameters
    ----------
    seed : int, optional
        Unsigned 64-bit seed. None draws one from the operating system, which
        `seed` then exposes so that the run can be logged and repeated.

    Notes
    -----
    A call that raises for an invalid argument (a bad shape, for example)
    still uses up the stream id it took. Generators pickle and copy with their
    seed and the next stream id.

    Examples
    --------
    >>> rng = Generator(seed=42)
    >>> w1 = rng.he_normal((256, 128))  # stream 0
    >>> w2 = rng.he_normal((128, 10))  # stream 1
    >>> rng
    Generator(seed=42, next_stream=2)
    >>> bool((Generator(seed=42).he_normal((256, 128)) == w1).all())
    True
    """

    def __init__(self, seed: int | None = None) -> None:
        self._seed = resolve_seed(seed)
        self._next_stream = 0
        self._lock = threading.Lock()

    @property
    def seed(self) -> int:
        """Seed of every fill, also when it was drawn from the operating system."""
        return self._seed

    @property
    def next_stream(self) -> int:
        """Stream id that the next call without `stream` will take."""
        with self._lock:
            return self._next_stream

    def _take_stream(self) -> int:
        with self._lock:
            stream = self._next_stream
            self._next_stream += 1
        return stream

    def __repr__(self) -> str:
        return f"Generator(seed={self._seed}, next_stream={self.next_stream})"

    def __getstate__(self) -> dict[str, int]:
        with self._lock:
            return {"seed": self._seed, "next_stream": self._next_stream}

    def __setstate__(self, state: dict[str, int]) -> None:
        self._seed = state["seed"]
        self._next_stream = state["next_stream"]
        self._lock = threading.Lock()

    uniform = _stream_method(_api.uniform)
    normal = _stream_method(_api.normal)
    truncated_normal = _stream_method(_api.truncated_normal)
    random_raw = _stream_method(_api.random_raw)

    variance_scaling = _stream_method(_initializers.variance_scaling)
    xavier_uniform = _stream_method(_initializers.xavier_uniform)
    xavier_normal = _stream_method(_initializers.xavier_normal)
    glorot_uniform = xavier_uniform
    glorot_normal = xavier_normal
    he_normal = _stream_method(_initializers.he_normal)
    he_uniform = _stream_method(_initializers.he_uniform)
    he = he_normal
    kaiming_normal = he_normal
    kaiming_uniform = he_uniform
    lecun_normal = _stream_method(_initializers.lecun_normal)
    lecun_uniform = _stream_method(_initializers.lecun_uniform)

    zeros = _constant_method(_initializers.zeros)
    ones = _constant_method(_initializers.ones)
    constant = _constant_method(_initializers.constant)
