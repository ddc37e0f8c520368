package dev.residual.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.residual.datasets.idx.IdxDatasetSpec;
import dev.residual.datasets.idx.IdxFileSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltInDatasetsTest {

  @Test
  void describesBothDatasetsWithTheirUpstreamFiles() {
    assertThat(BuiltInDatasets.ALL)
        .extracting(IdxDatasetSpec::name)
        .containsExactly("fashion-mnist", "mnist");
    assertThat(BuiltInDatasets.FASHION_MNIST.classes())
        .containsExactly(
            "T-shirt/top",
            "Trouser",
            "Pullover",
            "Dress",
            "Coat",
            "Sandal",
            "Shirt",
            "Sneaker",
            "Bag",
            "Ankle boot");
    assertThat(BuiltInDatasets.FASHION_MNIST.baseUrl())
        .hasToString("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    assertThat(BuiltInDatasets.MNIST.baseUrl())
        .hasToString("https://ossci-datasets.s3.amazonaws.com/mnist/");
    assertThat(BuiltInDatasets.upstreamHosts())
        .containsExactlyInAnyOrder(
            "fashion-mnist.s3-website.eu-central-1.amazonaws.com",
            "ossci-datasets.s3.amazonaws.com",
            "s3.amazonaws.com");
    assertThat(BuiltInDatasets.find("mnist")).contains(BuiltInDatasets.MNIST);
    assertThat(BuiltInDatasets.find("MNIST")).isEmpty();
  }

  @Test
  void expectsTheDecompressedSizesOfTheReferenceTable() {
    for (IdxDatasetSpec spec : BuiltInDatasets.ALL) {
      assertThat(spec.files())
          .extracting(IdxFileSpec::fileName, IdxFileSpec::rawName, IdxFileSpec::contentSize)
          .containsExactly(
              tuple("train-images-idx3-ubyte.gz", "train-images-idx3-ubyte", 47_040_016L),
              tuple("train-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte", 60_008L),
              tuple("t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte", 7_840_016L),
              tuple("t10k-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte", 10_008L));
      assertThat(List.of(spec.trainSize(), spec.validSize())).containsExactly(60_000, 10_000);
      assertThat(spec.files())
          .extracting(IdxFileSpec::sha256)
          .doesNotHaveDuplicates()
          .allMatch(sha -> sha.matches("[0-9a-f]{64}"));
    }
  }
}
