package dev.residual.models;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Custom specs have the parameter counts of the plain-PyTorch replica.
 *
 * <p>Each expected count was printed by {@code cd /work/shared/bench && /usr/bin/python3
 * ch14_resnet.py '<spec>' C_IN N_OUT} with the row's spec, c_in and classes, followed by the row's
 * H and W for the flatten heads only (an avgpool network's count does not depend on the input, so
 * those rows are built for 32 px). For example:
 *
 * <pre>{@code
 * /usr/bin/python3 ch14_resnet.py '{"widths":[16,32],"blocks":[1,1],"head":"flatten"}' 1 10 28 28
 * /usr/bin/python3 ch14_resnet.py '{"widths":[16],"blocks":[3]}' 3 2
 * }</pre>
 *
 * printed 60490 and 50786.
 */
class CustomSpecParameterCountTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @ParameterizedTest(name = "{0} c_in={1} classes={2} {3}x{4}: {5}")
  @CsvSource(
      delimiter = '|',
      textBlock =
"""
# spec (JSON)                                                                                    | c_in | classes | h  | w  | PyTorch
# bottleneck with small widths
{"stem":[8,8,16],"widths":[8,16],"blocks":[2,1],"block":"bottleneck"}                             | 3    | 5       | 32 | 32 | 11357
# no shortcuts (a plain net)
{"stem":[16,16,32],"widths":[16,32,64,128],"blocks":[1,2,1,1],"residual":false}                  | 1    | 10      | 32 | 32 | 325210
# flatten heads, for the size given as H W
{"widths":[16,32],"blocks":[1,1],"head":"flatten"}                                                | 1    | 10      | 28 | 28 | 60490
{"stem":[8,16],"widths":[8,16,32],"blocks":[1,1,1],"head":"flatten"}                              | 3    | 4       | 40 | 24 | 22300
{"stem":[8,8],"widths":[4,8,16],"blocks":[1,1,2],"block":"bottleneck","head":"flatten"}           | 1    | 6       | 37 | 53 | 18126
# a non-default stem
{"stem":[24,48],"widths":[32,64,96],"blocks":[1,2,1]}                                             | 3    | 7       | 32 | 32 | 313279
# a single stage
{"widths":[16],"blocks":[3]}                                                                      | 3    | 2       | 32 | 32 | 50786
# a one-layer stem, bottleneck, no shortcuts
{"stem":[8],"widths":[8,16],"blocks":[1,1],"block":"bottleneck","residual":false}                 | 2    | 3       | 32 | 32 | 5379
""")
  void djlBlockAndSummaryMatchThePyTorchReplica(
      String json, int channels, int classes, int height, int width, long expected) {
    ArchitectureSpec spec = JSON.readValue(json, ArchitectureSpec.class);

    assertThat(
            NamedArchitectureParameterCountTest.initializedParameterCount(
                spec, channels, classes, height, width))
        .isEqualTo(expected);
    assertThat(ModelSummaries.of(spec, channels, height, width, classes).parameters())
        .isEqualTo(expected);
  }
}
