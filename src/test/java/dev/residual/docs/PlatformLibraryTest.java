package dev.residual.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The build's platform profiles put the PyTorch library of this machine's OS and architecture on
 * the class path, and no other: DJL runs offline, so a wrong one would fail at start-up.
 */
class PlatformLibraryTest {

  static final List<String> PLATFORMS =
      List.of("linux-x86_64", "linux-aarch64", "osx-aarch64", "win-x86_64");

  @Test
  void theNativeLibraryOnTheClassPathIsThisMachines() {
    String expected = platformOf(System.getProperty("os.name"), System.getProperty("os.arch"));
    ClassLoader loader = getClass().getClassLoader();
    for (String platform : PLATFORMS) {
      boolean present = loader.getResource("pytorch/cpu/" + platform + "/") != null;
      assertThat(present)
          .as("pytorch-native-cpu for %s on the class path of a %s machine", platform, expected)
          .isEqualTo(platform.equals(expected));
    }
  }

  @Test
  void eachSupportedMachineMapsToItsClassifier() {
    assertThat(platformOf("Linux", "amd64")).isEqualTo("linux-x86_64");
    assertThat(platformOf("Linux", "aarch64")).isEqualTo("linux-aarch64");
    assertThat(platformOf("Mac OS X", "aarch64")).isEqualTo("osx-aarch64");
    assertThat(platformOf("Windows 11", "amd64")).isEqualTo("win-x86_64");
  }

  /** The same mapping as the profiles in pom.xml, from the JVM's os.name and os.arch. */
  static String platformOf(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    String family =
        os.startsWith("linux")
            ? "linux"
            : os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "win" : os;
    String arch = "amd64".equals(osArch) || "x86_64".equals(osArch) ? "x86_64" : osArch;
    return family + "-" + arch;
  }
}
