package dev.residual.datasets;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.residual.datasets.upload.DatasetUploads;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(DatasetController.class)
class DatasetControllerTest {

  @Autowired private MockMvc mvc;

  @MockitoBean private DatasetCatalog catalog;
  @MockitoBean private DatasetUploads uploads;
  @MockitoBean private DatasetDeletion deletion;

  @Test
  void listsDatasetsWithLowercaseStatusAndWithoutServerPaths() throws Exception {
    given(catalog.list())
        .willReturn(
            List.of(
                new DatasetSummary(
                    "fashion-mnist",
                    "idx",
                    DatasetStatus.AVAILABLE,
                    List.of("T-shirt/top", "Trouser"),
                    List.of(1, 28, 28),
                    60_000,
                    10_000,
                    DatasetSource.SYSTEM,
                    Path.of("/usr/share/datasets/fashion-mnist")),
                new DatasetSummary(
                    "mnist",
                    "idx",
                    DatasetStatus.DOWNLOADABLE,
                    List.of("0", "1"),
                    List.of(1, 28, 28),
                    60_000,
                    10_000,
                    null,
                    null)));

    mvc.perform(get("/api/v1/datasets"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.length()").value(2))
        .andExpect(jsonPath("$[0].name").value("fashion-mnist"))
        .andExpect(jsonPath("$[0].kind").value("idx"))
        .andExpect(jsonPath("$[0].status").value("available"))
        .andExpect(jsonPath("$[0].classes", contains("T-shirt/top", "Trouser")))
        .andExpect(jsonPath("$[0].trainSize").value(60_000))
        .andExpect(jsonPath("$[0].validSize").value(10_000))
        .andExpect(jsonPath("$[0].source").value("system"))
        .andExpect(jsonPath("$[0].location").doesNotExist())
        .andExpect(jsonPath("$[1].status").value("downloadable"))
        .andExpect(jsonPath("$[1].source").value(nullValue()));
  }
}
