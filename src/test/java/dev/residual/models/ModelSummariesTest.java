package dev.residual.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The analytic summary agrees with the DJL network row by row and with PyTorch on the totals.
 *
 * <p>The multiply-accumulate counts were printed by forward hooks on the PyTorch replica, run as
 * {@code cd /work/shared/bench && /usr/bin/python3 - '<spec>' C_IN N_OUT H W < macs.py} with this
 * {@code macs.py}:
 *
 * <pre>{@code
 * import sys, json, torch, ch14_resnet as r
 * spec, (c, n, h, w) = json.loads(sys.argv[1]), map(int, sys.argv[2:6])
 * m, total = r.from_spec(spec, c, n, (h, w)).eval(), [0]
 * def count(mod, inputs, out):
 *     if isinstance(mod, torch.nn.Conv2d):
 *         total[0] += out.numel() * mod.in_channels * mod.kernel_size[0] * mod.kernel_size[1]
 *     elif isinstance(mod, torch.nn.Linear):
 *         total[0] += mod.in_features * mod.out_features
 * for mod in m.modules(): mod.register_forward_hook(count)
 * m(torch.zeros(1, c, h, w)); print(total[0])
 * }</pre>
 */
class ModelSummariesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @ParameterizedTest(name = "{0} c_in={1} classes={2} {3}x{4}")
  @CsvSource(
      delimiter = '|',
      textBlock =
"""
# spec                                                                                   | c | n    | h   | w   | rows | parameters | MACs (PyTorch hooks)
{"blocks":[2,2,2,2]}                                                                     | 3 | 1000 | 224 | 224 | 15   | 11708744   | 2053713920
{"blocks":[3,4,6,3],"block":"bottleneck"}                                                | 3 | 1000 | 224 | 224 | 23   | 25576264   | 4328824832
{"blocks":[2,2,2,2]}                                                                     | 1 | 10   | 28  | 28  | 15   | 11200298   | 37871744
{"stem":[8,8],"widths":[4,8,16],"blocks":[1,1,2],"block":"bottleneck","head":"flatten"}  | 1 | 6    | 37  | 53  | 9    | 18126      | 588168
""")
  void totalsMatchPyTorch(
      String json, int c, int n, int h, int w, int rows, long parameters, long macs) {
    ModelSummary summary = ModelSummaries.of(spec(json), c, h, w, n);

    assertThat(summary.layers()).hasSize(rows);
    assertThat(summary.parameters()).isEqualTo(parameters);
    assertThat(summary.multiplyAccumulates()).isEqualTo(macs);
    assertThat(summary.outputShape()).containsExactly(1L, (long) n);
    assertThat(summary.layers().stream().mapToLong(LayerSummary::parameters).sum())
        .isEqualTo(parameters);
  }

  @ParameterizedTest(name = "{0} c_in={1} {3}x{4}")
  @CsvSource(
      delimiter = '|',
      textBlock =
"""
{"blocks":[2,2,2,2]}                                                                     | 1 | 10 | 28 | 28
{"stem":[8,8],"widths":[4,8,16],"blocks":[1,1,2],"block":"bottleneck","head":"flatten"}  | 1 | 6  | 37 | 53
{"stem":[8],"widths":[8,16],"blocks":[2,1],"residual":false}                             | 3 | 4  | 31 | 19
""")
  void rowsHaveTheShapesAndParametersOfTheDjlLayers(String json, int c, int n, int h, int w) {
    ArchitectureSpec spec = spec(json);
    List<LayerSummary> rows = ModelSummaries.of(spec, c, h, w, n).layers();
    Block network = ResNets.build(spec, c, n, h, w);
    try (NDManager manager = NDManager.newBaseManager()) {
      network.initialize(manager, DataType.FLOAT32, new Shape(1, c, h, w));

      // One row per layer of the stem, per ResBlock of the stages, per layer of the head.
      List<Block> layers = new ArrayList<>();
      for (Pair<String, Block> part : network.getChildren()) {
        part.getValue().getChildren().values().forEach(layers::add);
      }
      assertThat(rows).hasSameSizeAs(layers);
      Shape[] shapes = {new Shape(1, c, h, w)};
      for (int i = 0; i < rows.size(); i++) {
        shapes = layers.get(i).getOutputShapes(shapes);
        assertThat(rows.get(i).outputShape())
            .as(rows.get(i).name())
            .containsExactly(toArray(shapes[0].getShape()));
        assertThat(rows.get(i).parameters())
            .as(rows.get(i).name())
            .isEqualTo(ResNets.parameterCount(layers.get(i)));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"resnet152, 57", "resnet101, 40", "resnet34, 23"})
  void namesReadLikeTheChapter(String name, int rows) {
    ModelSummary summary =
        ModelSummaries.of(Architectures.named(name).orElseThrow(), 3, 224, 224, 1000);

    List<String> names = summary.layers().stream().map(LayerSummary::name).toList();
    assertThat(names).hasSize(rows);
    assertThat(names.get(0)).isEqualTo("stem.0 ConvLayer(3, 32, stride=2)");
    assertThat(names.get(3)).isEqualTo("stem.3 MaxPool2d(3, stride=2, padding=1)");
    assertThat(names.get(names.size() - 1)).startsWith("head.2 Linear(");
    assertThat(summary.layers().get(3).outputShape()).containsExactly(1L, 64L, 56L, 56L);
    assertThat(summary.layers().get(rows - 4).outputShape()).last().isEqualTo(7L);
  }

  private static ArchitectureSpec spec(String json) {
    return JSON.readValue(json, ArchitectureSpec.class);
  }

  private static Long[] toArray(long[] dims) {
    Long[] boxed = new Long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      boxed[i] = dims[i];
    }
    return boxed;
  }
}
