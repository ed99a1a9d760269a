"""Parameter shapes and initial values of public model configurations.

Only what initialization needs: each parameter's name, shape and how
the model's own code initializes it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

__all__ = ["GPT2_CONFIGS", "ParamSpec", "gpt2_params"]

Init = Literal["normal", "zeros", "ones"]


@dataclass(frozen=True)
class ParamSpec:
    """One parameter: name, shape, and its initializer."""

    name: str
    shape: tuple[int, ...]
    init: Init
    std: float = 0.0  # for init == "normal"

    @property
    def size(self) -> int:
        return math.prod(self.shape)


# (width, layers) of the four released GPT-2 sizes; all share a vocabulary of
# 50257 tokens and a context of 1024 positions (Radford et al. 2019, and the
# public configuration files of the released checkpoints).
GPT2_CONFIGS = {
    "gpt2": (768, 12),
    "gpt2-medium": (1024, 24),
    "gpt2-large": (1280, 36),
    "gpt2-xl": (1600, 48),
}
GPT2_VOCAB = 50257
GPT2_CONTEXT = 1024
GPT2_STD = 0.02


def gpt2_params(name: str) -> list[ParamSpec]:
    """Return every parameter of a GPT-2 model, initialized as GPT-2 does.

    Embeddings and weights are normal with std 0.02, the residual output
    projections (``attn.c_proj`` and ``mlp.c_proj``) normal with std
    ``0.02 / sqrt(2 * n_layer)``, biases zero and LayerNorm weights one.
    Weights use the ``(in, out)`` layout of GPT-2's Conv1D modules. The
    output head shares the token embedding, so it has no parameter of its
    own.
    """
    if name not in GPT2_CONFIGS:
        raise ValueError(
            f"unknown model {name!r}; expected one of {', '.join(GPT2_CONFIGS)}"
        )
    width, layers = GPT2_CONFIGS[name]
    residual_std = GPT2_STD / math.sqrt(2 * layers)
    params = [
        ParamSpec("wte.weight", (GPT2_VOCAB, width), "normal", GPT2_STD),
        ParamSpec("wpe.weight", (GPT2_CONTEXT, width), "normal", GPT2_STD),
    ]
    for layer in range(layers):
        prefix = f"h.{layer}."
        params += [
            ParamSpec(prefix + "ln_1.weight", (width,), "ones"),
            ParamSpec(prefix + "ln_1.bias", (width,), "zeros"),
            ParamSpec(
                prefix + "attn.c_attn.weight", (width, 3 * width), "normal", GPT2_STD
            ),
            ParamSpec(prefix + "attn.c_attn.bias", (3 * width,), "zeros"),
            ParamSpec(
                prefix + "attn.c_proj.weight", (width, width), "normal", residual_std
            ),
            ParamSpec(prefix + "attn.c_proj.bias", (width,), "zeros"),
            ParamSpec(prefix + "ln_2.weight", (width,), "ones"),
            ParamSpec(prefix + "ln_2.bias", (width,), "zeros"),
            ParamSpec(
                prefix + "mlp.c_fc.weight", (width, 4 * width), "normal", GPT2_STD
            ),
            ParamSpec(prefix + "mlp.c_fc.bias", (4 * width,), "zeros"),
            ParamSpec(
                prefix + "mlp.c_proj.weight", (4 * width, width), "normal", residual_std
            ),
            ParamSpec(prefix + "mlp.c_proj.bias", (width,), "zeros"),
        ]
    params += [
        ParamSpec("ln_f.weight", (width,), "ones"),
        ParamSpec("ln_f.bias", (width,), "zeros"),
    ]
    return params
