#!/usr/bin/env python3
"""Writes Sources/CVAPrepFaceNet/blazeface_short_range.c: BlazeFace short-range as a C graph table.

The model is mediapipe's face_detection_short_range.tflite, taken from the `mediapipe` wheel on PyPI
(Apache-2.0; see Sources/CVAPrepFaceNet/MODEL-LICENSE and docs/face-detector.md for the wheel, path
and sha256, which this script checks). It parses the tflite flatbuffer with the `tflite` package and
turns the graph into a short list of ops the C kernels run:

  CONV   k x k convolution (SAME or VALID as in the model), optional fused ReLU
  DW     3 x 3 depthwise convolution (SAME), stride 1 or 2
  POOL   2 x 2 max-pool, stride 2
  ADD    out = a + channel_pad(b) (+ ReLU): the model's PAD (zero channels at the end) -> ADD -> RELU

Every op of the model is matched against exactly these patterns; anything else stops the script,
so a different model cannot be converted silently into a wrong graph. The weights stay fp16, bit for
bit as the model stores them (the model dequantizes fp16 -> fp32 before every op, which is exact),
in tflite's own layouts ([out][kh][kw][in] for CONV, [kh][kw][c] for DW); the C side widens them to
fp32 and repacks them once at load.

    python3 -m venv /tmp/mpenv && /tmp/mpenv/bin/pip install -r scripts/mediapipe-reference.requirements.txt
    /tmp/mpenv/bin/pip download --no-deps mediapipe==0.10.14 -d /tmp/mpwheel
    /tmp/mpenv/bin/python scripts/blazeface-extract.py /tmp/mpwheel/mediapipe-0.10.14-*.whl
"""
import hashlib
import os
import sys
import zipfile

import numpy as np
import tflite
from tflite.BuiltinOperator import BuiltinOperator as B
from tflite.TensorType import TensorType

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MEMBER = "mediapipe/modules/face_detection/face_detection_short_range.tflite"
SHA256 = "bbff11cebd1eb27a1e004cae0b0e63ec8c551cbf34a4451148b4908b8db3eca8"
OUT = os.path.join(ROOT, "Sources", "CVAPrepFaceNet", "blazeface_short_range.c")
SAME, VALID = 0, 1


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with zipfile.ZipFile(sys.argv[1]) as wheel:
        data = wheel.read(MEMBER)
    digest = hashlib.sha256(data).hexdigest()
    if digest != SHA256:
        sys.exit(f"{MEMBER}: sha256 {digest}, expected {SHA256}")
    model = tflite.Model.GetRootAsModel(data, 0)
    graph = model.Subgraphs(0)

    def code(op):
        oc = model.OperatorCodes(op.OpcodeIndex())
        return max(oc.BuiltinCode(), oc.DeprecatedBuiltinCode())

    def shape(t):
        return [int(v) for v in graph.Tensors(t).ShapeAsNumpy()]

    def const(t):
        tensor = graph.Tensors(t)
        raw = model.Buffers(tensor.Buffer()).DataAsNumpy()
        kind = {TensorType.FLOAT16: np.float16, TensorType.INT32: np.int32, TensorType.FLOAT32: np.float32}[tensor.Type()]
        return raw.view(kind).reshape(shape(t))

    ops = [graph.Operators(i) for i in range(graph.OperatorsLength())]
    dequantized = {}  # fp32 tensor id -> fp16 source tensor id
    consumers = {}
    for op in ops:
        for t in op.InputsAsNumpy():
            consumers.setdefault(int(t), []).append(op)
        if code(op) == B.DEQUANTIZE:
            dequantized[int(op.Outputs(0))] = int(op.Inputs(0))

    blob = []  # fp16 values
    tensors = {}  # model tensor id -> (index, h, w, c)
    alias = {}  # model tensor id -> model tensor id it equals (PAD outputs, fused ReLU inputs)

    def tensor(t):
        t = alias.get(t, t)
        if t not in tensors:
            _, h, w, c = shape(t)
            tensors[t] = (len(tensors), h, w, c)
        return tensors[t][0]

    def weights(t):
        source = dequantized[t]
        offset = sum(len(b) for b in blob)
        blob.append(const(source).astype(np.float16).reshape(-1))
        return offset

    def fused_relu(out):
        """The ReLU that is the only consumer of `out`, fused into the op that makes `out`."""
        users = consumers.get(out, [])
        if len(users) == 1 and code(users[0]) == B.RELU:
            alias[int(users[0].Outputs(0))] = out
            return 1
        return 0

    table = []
    input_tensor = tensor(int(graph.Inputs(0)))
    heads = {}
    for op in ops:
        kind = code(op)
        ins = [int(t) for t in op.InputsAsNumpy()]
        out = int(op.Outputs(0))
        options = op.BuiltinOptions()
        if kind in (B.DEQUANTIZE, B.RELU, B.PAD):
            if kind == B.RELU:
                assert alias.get(out) == ins[0], "a ReLU that could not be fused"
            if kind == B.PAD:
                pads = const(ins[1]).tolist()
                assert pads[:3] == [[0, 0]] * 3 and pads[3][0] == 0, f"unsupported PAD {pads}"
                alias[out] = ins[0]  # ADD pads the channels itself
            continue
        if kind == B.CONV_2D:
            o = tflite.Conv2DOptions(); o.Init(options.Bytes, options.Pos)
            cout, kh, kw, cin = shape(ins[1])
            assert kh == kw and o.StrideW() == o.StrideH() and o.DilationWFactor() == 1 and o.FusedActivationFunction() == 0
            table.append(("CONV", kh, o.StrideW(), o.Padding(), fused_relu(out), tensor(ins[0]), -1, tensor(out),
                          weights(ins[1]), weights(ins[2])))
            if graph.Tensors(out).Name().decode().startswith(("classificator", "regressor")):
                heads[graph.Tensors(out).Name().decode()] = tensor(out)
        elif kind == B.DEPTHWISE_CONV_2D:
            o = tflite.DepthwiseConv2DOptions(); o.Init(options.Bytes, options.Pos)
            _, kh, kw, c = shape(ins[1])
            assert (kh, kw) == (3, 3) and o.Padding() == SAME and o.DepthMultiplier() == 1 and o.FusedActivationFunction() == 0
            table.append(("DW", 3, o.StrideW(), SAME, fused_relu(out), tensor(ins[0]), -1, tensor(out),
                          weights(ins[1]), weights(ins[2])))
        elif kind == B.MAX_POOL_2D:
            o = tflite.Pool2DOptions(); o.Init(options.Bytes, options.Pos)
            assert (o.FilterWidth(), o.FilterHeight(), o.StrideW(), o.StrideH()) == (2, 2, 2, 2) and o.FusedActivationFunction() == 0
            table.append(("POOL", 2, 2, o.Padding(), 0, tensor(ins[0]), -1, tensor(out), -1, -1))
        elif kind == B.ADD:
            o = tflite.AddOptions(); o.Init(options.Bytes, options.Pos)
            assert o.FusedActivationFunction() == 0
            # One side is the block's convolution, the other the skip (maybe channel-padded).
            a, b = ins
            if alias.get(a, a) != a or shape(alias.get(a, a))[3] < shape(b)[3]:
                a, b = b, a
            table.append(("ADD", 0, 1, 0, fused_relu(out), tensor(a), tensor(alias.get(b, b)), tensor(out), -1, -1))
        elif kind in (B.RESHAPE, B.CONCATENATION):
            continue  # the heads are read in anchor order directly (NHWC reshape is a no-op)
        else:
            sys.exit(f"unsupported op {kind}")

    scores = [heads["classificator_8"], heads["classificator_16"]]
    boxes = [heads["regressor_8"], heads["regressor_16"]]
    values = np.concatenate(blob)
    ordered = sorted(tensors.values())
    lines = [
        "// GENERATED by scripts/blazeface-extract.py from mediapipe 0.10.14's",
        f"// {MEMBER} (sha256 {SHA256}).",
        "// Model: BlazeFace short-range, (c) Google LLC, Apache License 2.0 (see MODEL-LICENSE). Do not edit.",
        "#include \"graph.h\"",
        "",
        f"static const uint16_t fp16[{len(values)}] = {{",
    ]
    bits = values.view(np.uint16)
    for i in range(0, len(bits), 16):
        lines.append("    " + ",".join("0x%04x" % v for v in bits[i:i + 16]) + ",")
    lines += ["};", "", f"static const vaprep_fn_tensor tensors[{len(ordered)}] = {{"]
    lines += [f"    {{{h}, {w}, {c}}}," for _, h, w, c in ordered]
    lines += ["};", "", f"static const vaprep_fn_op ops[{len(table)}] = {{"]
    for name, k, stride, padding, relu, a, b, out, w, bias in table:
        lines.append(f"    {{VAPREP_FN_OP_{name}, {k}, {stride}, {1 if padding == SAME else 0}, {relu}, {a}, {b}, {out}, {w}, {bias}}},")
    lines += ["};", "",
              "const vaprep_fn_graph vaprep_fn_blazeface_short_range = {",
              f"    tensors, {len(ordered)}, ops, {len(table)}, fp16, {len(values)}, {input_tensor},",
              f"    {{{scores[0]}, {scores[1]}}}, {{{boxes[0]}, {boxes[1]}}}, 2,",
              "};", ""]
    with open(OUT, "w") as f:
        f.write("\n".join(lines))
    print(f"{OUT}: {len(table)} ops, {len(ordered)} tensors, {len(values)} fp16 weights")


if __name__ == "__main__":
    main()
