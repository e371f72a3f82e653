#!/usr/bin/python3
"""Exports real architectures with PyTorch's own ONNX exporter: the "zoo"
the kernel tests and benchmarks run beside the hand-built examples.

    zoo.py --out DIR [--only NAME[,NAME...]] [--list]

Weights are random (torch.manual_seed per model, so a model's bytes do not
depend on which others are built); every BatchNorm gets non-trivial running
statistics and affine parameters, so folding it is exercised. Each model
has one input `input` (float32 NCHW) and one output `logits`, opset 13,
and passes onnx.checker before it is written. Needs Debian's python3-torch
and python3-torchvision (scripts/install-deps.sh installs them).
"""

import argparse
import os
import sys
import time

sys.dont_write_bytecode = True


def with_random_head(model):
    # torchvision starts a ViT's head at zero: every logit would be its bias.
    import torch
    torch.nn.init.normal_(model.heads.head.weight, std=0.05)
    torch.nn.init.normal_(model.heads.head.bias, std=0.05)
    return model


def vit_tiny(tv):
    # DeiT-Tiny's size: 12 layers, 3 heads, width 192, MLP 768.
    return with_random_head(tv.models.VisionTransformer(
        image_size=224, patch_size=16, num_layers=12, num_heads=3,
        hidden_dim=192, mlp_dim=768))


def shape_branch(tv):
    # PyTorch's scripted `if` on a shape becomes ONNX If on
    # Shape -> Gather -> Greater: the importer decides it at compile time.
    import torch

    class ShapeBranch(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = torch.nn.Conv2d(3, 16, 3, padding=1)
            self.bn = torch.nn.BatchNorm2d(16)
            self.head = torch.nn.Linear(16, 10)

        def forward(self, x):
            y = torch.relu(self.bn(self.conv(x)))
            if y.size(2) > 32:
                y = torch.nn.functional.avg_pool2d(y, 2)
            else:
                y = y * 2.0
            return self.head(y.mean((2, 3)))

    return ShapeBranch()


# name -> (constructor(torchvision), input shape, description)
MODELS = {
    "resnet18": (lambda tv: tv.models.resnet18(), (1, 3, 224, 224),
                 "ResNet-18: 7x7/2 stem, 3x3 basic blocks with residuals, "
                 "1x1/2 projections"),
    "regnet_x_400mf": (lambda tv: tv.models.regnet_x_400mf(), (1, 3, 224, 224),
                       "RegNet-X-400MF: grouped 3x3 convs (16 channels per "
                       "group)"),
    "mobilenet_v3_large": (lambda tv: tv.models.mobilenet_v3_large(),
                           (1, 3, 224, 224),
                           "MobileNet-v3-Large: 3x3/5x5 depthwise, "
                           "squeeze-excite, hard-swish"),
    "efficientnet_b0": (lambda tv: tv.models.efficientnet_b0(), (1, 3, 224, 224),
                        "EfficientNet-B0: 3x3/5x5 depthwise, SiLU, "
                        "squeeze-excite"),
    "vit_tiny": (vit_tiny, (1, 3, 224, 224),
                 "ViT of DeiT-Tiny's size: 16x16 patchify conv, 12 "
                 "attention blocks of width 192"),
    "vit_b_16": (lambda tv: with_random_head(tv.models.vit_b_16()),
                 (1, 3, 224, 224),
                 "ViT-B/16: 12 attention blocks of width 768, 12 heads "
                 "(86M parameters)"),
    "swin_t": (lambda tv: tv.models.swin_t(), (1, 3, 224, 224),
               "Swin-T: shifted windows (Mod, ScatterND window masks, "
               "rolls as Slice+Concat)"),
    "convnext_tiny": (lambda tv: tv.models.convnext_tiny(), (1, 3, 224, 224),
                      "ConvNeXt-T: 7x7 depthwise, LayerNorm and Linear over "
                      "channels-last tokens"),
    "shape_branch": (shape_branch, (1, 3, 64, 64),
                     "a scripted `if` on the feature map's height: ONNX If "
                     "on a shape condition"),
}

# Models whose forward is scripted (torch.jit.script) so that Python control
# flow becomes ONNX If/Loop instead of being traced away, and their input
# dims left symbolic (else the exporter folds the If itself); compile them
# with --input-shape.
SCRIPTED = {"shape_branch": {2: "height", 3: "width"}}


def randomise_batchnorm(torch, model):
    for m in model.modules():
        if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
            m.running_mean.uniform_(-0.2, 0.2)
            m.running_var.uniform_(0.5, 1.5)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.2, 0.2)


def export(name, out_dir):
    import onnx
    import torch
    import torchvision as tv

    make, shape, _ = MODELS[name]
    torch.manual_seed(sum(map(ord, name)))
    model = make(tv)
    randomise_batchnorm(torch, model)
    model.eval()
    path = os.path.join(out_dir, name + ".onnx")
    tmp = path + ".partial"
    if name in SCRIPTED:
        model = torch.jit.script(model)
    # Gradients stay on: with them off, torch 1.13 exports nn.MultiheadAttention
    # with an even head count as its fused fast path, which has no ONNX form.
    with torch.enable_grad():
        torch.onnx.export(model, torch.randn(*shape), tmp, opset_version=13,
                          input_names=["input"], output_names=["logits"],
                          do_constant_folding=True,
                          dynamic_axes={"input": SCRIPTED[name]}
                          if name in SCRIPTED else None)
    onnx.checker.check_model(tmp)
    os.replace(tmp, path)
    return path


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="directory to write NAME.onnx into")
    ap.add_argument("--only", help="comma-separated model names")
    ap.add_argument("--list", action="store_true", help="list the models")
    a = ap.parse_args(argv)
    if a.list:
        for name, (_, shape, what) in MODELS.items():
            print(f"{name:20} {'x'.join(map(str, shape)):12} {what}")
        return 0
    if not a.out:
        ap.error("--out is required")
    names = a.only.split(",") if a.only else list(MODELS)
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        print(f"zoo.py: error: unknown model '{unknown[0]}' "
              f"(known: {', '.join(MODELS)})", file=sys.stderr)
        return 1
    os.makedirs(a.out, exist_ok=True)
    for name in names:
        start = time.time()
        path = export(name, a.out)
        print(f"{path}: {os.path.getsize(path)} bytes, "
              f"{time.time() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
