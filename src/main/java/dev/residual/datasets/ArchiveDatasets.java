package dev.residual.datasets;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The image datasets that can be downloaded by name: Imagenette and Imagewoof at 160 px, 320 px and
 * full size (fastai's further-research datasets of chapter 14). Each is a tgz in the layout {@code
 * <dir>/{train,val}/<wnid>/*.JPEG}; classes are the WordNet ids, in sorted order.
 */
final class ArchiveDatasets {

  /**
   * One downloadable archive, the checksum it must match and the shorter side of its images (0 when
   * they vary, as in the full-size archives).
   */
  record Spec(String name, URI url, String checksum, List<String> classes, int side) {

    String fileName() {
      String path = url.getPath();
      return path.substring(path.lastIndexOf('/') + 1);
    }
  }

  static final URI BASE = URI.create("https://s3.amazonaws.com/fast-ai-imageclas/");

  static final List<String> IMAGENETTE =
      List.of(
          "n01440764",
          "n02102040",
          "n02979186",
          "n03000684",
          "n03028079",
          "n03394916",
          "n03417042",
          "n03425413",
          "n03445777",
          "n03888605");

  static final List<String> IMAGEWOOF =
      List.of(
          "n02086240",
          "n02087394",
          "n02088364",
          "n02089973",
          "n02093754",
          "n02096294",
          "n02099601",
          "n02105641",
          "n02111889",
          "n02115641");

  // Imagenette: torchvision's MD5s of the whole file. Imagewoof: fastai's checks.txt.
  static final List<Spec> ALL =
      List.of(
          spec(
              "imagenette-160",
              "imagenette2-160.tgz",
              "md5:e793b78cc4c9e9a4ccc0c1155377a412",
              IMAGENETTE),
          spec(
              "imagenette-320",
              "imagenette2-320.tgz",
              "md5:3df6f0d01a2c9592104656642f5e78a3",
              IMAGENETTE),
          spec("imagenette", "imagenette2.tgz", "md5:fe2fc210e6bb7c5664d602c3cd71e612", IMAGENETTE),
          spec(
              "imagewoof-160",
              "imagewoof2-160.tgz",
              "fastai:92612825:3559b194123981a540b87132dbda412f",
              IMAGEWOOF),
          spec(
              "imagewoof-320",
              "imagewoof2-320.tgz",
              "fastai:328387740:7a1fd92672a559a85de76e4810a20c21",
              IMAGEWOOF),
          spec(
              "imagewoof",
              "imagewoof2.tgz",
              "fastai:1343715595:2cc1c1e36e20cb6fd24ffb978edcb487",
              IMAGEWOOF));

  private ArchiveDatasets() {}

  static Optional<Spec> find(String name) {
    return ALL.stream().filter(spec -> spec.name().equals(name)).findFirst();
  }

  private static Spec spec(String name, String file, String checksum, List<String> classes) {
    int side = file.contains("-160") ? 160 : file.contains("-320") ? 320 : 0;
    return new Spec(name, BASE.resolve(file), checksum, classes, side);
  }
}
