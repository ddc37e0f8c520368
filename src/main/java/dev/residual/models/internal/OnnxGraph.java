package dev.residual.models.internal;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Builds an ONNX graph node by node with the ONNX protobuf messages: float initializers, operator
 * nodes with their attributes, and the model around the graph. Knows ONNX, not ResNets.
 */
final class OnnxGraph {

  /** ONNX's IR version 8 and opset 17: read by ONNX Runtime 1.13 and later, and by PyTorch 1.13. */
  static final long IR_VERSION = 8;

  static final long OPSET = 17;

  private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;

  private final GraphProto.Builder graph = GraphProto.newBuilder();

  OnnxGraph(String name) {
    graph.setName(name);
  }

  /** Adds a float32 tensor of the given shape, stored little-endian as ONNX requires. */
  String initializer(String name, long[] dims, float[] values) {
    long size = 1;
    for (long d : dims) {
      size *= d;
    }
    if (size != values.length) {
      throw new IllegalArgumentException(name + " holds " + values.length + " values, not " + size);
    }
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
    bytes.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
    TensorProto.Builder tensor =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(FLOAT)
            .setRawData(ByteString.copyFrom(bytes));
    for (long d : dims) {
      tensor.addDims(d);
    }
    graph.addInitializer(tensor);
    return name;
  }

  /** Adds a node whose one output is named after the node; returns that output. */
  String node(String op, String name, String[] inputs, AttributeProto... attributes) {
    NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(name);
    for (String input : inputs) {
      node.addInput(input);
    }
    for (AttributeProto attribute : attributes) {
      node.addAttribute(attribute);
    }
    graph.addNode(node);
    return name;
  }

  /** A float tensor input or output; a dimension below 1 is symbolic, named by {@code symbols}. */
  void input(String name, long[] dims, String... symbols) {
    graph.addInput(valueInfo(name, dims, symbols));
  }

  void output(String name, long[] dims, String... symbols) {
    graph.addOutput(valueInfo(name, dims, symbols));
  }

  /** Wraps the graph in a model declaring the opset, producer and {@code metadata_props}. */
  ModelProto model(String producer, String producerVersion, String doc, Map<String, String> props) {
    ModelProto.Builder model =
        ModelProto.newBuilder()
            .setIrVersion(IR_VERSION)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setProducerName(producer)
            .setProducerVersion(producerVersion)
            .setDocString(doc)
            .setGraph(graph);
    props.forEach(
        (k, v) ->
            model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return model.build();
  }

  static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
  }

  static AttributeProto real(String name, float value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeType.FLOAT)
        .setF(value)
        .build();
  }

  private static ValueInfoProto valueInfo(String name, long[] dims, String... symbols) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    int symbol = 0;
    for (long d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d < 1) {
        dim.setDimParam(symbols[symbol++]);
      } else {
        dim.setDimValue(d);
      }
      shape.addDim(dim);
    }
    TypeProto.Tensor.Builder tensor =
        TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(shape);
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(TypeProto.newBuilder().setTensorType(tensor))
        .build();
  }
}
