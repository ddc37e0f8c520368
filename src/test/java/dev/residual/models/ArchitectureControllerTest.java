package dev.residual.models;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(ArchitectureController.class)
@Import({ArchitectureCatalog.class, ArchitectureResolver.class})
class ArchitectureControllerTest {

  @Autowired MockMvc mvc;

  @Test
  void listsTheNamedArchitecturesWithImageNetParameterCounts() throws Exception {
    mvc.perform(get("/api/v1/architectures"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$", hasSize(5)))
        .andExpect(jsonPath("$[0].name").value("resnet18"))
        .andExpect(jsonPath("$[0].block").value("basic"))
        .andExpect(jsonPath("$[0].blocksPerStage", hasSize(4)))
        .andExpect(jsonPath("$[0].parameters").value(11_708_744))
        .andExpect(jsonPath("$[2].name").value("resnet50"))
        .andExpect(jsonPath("$[2].block").value("bottleneck"))
        .andExpect(jsonPath("$[2].parameters").value(25_576_264))
        .andExpect(jsonPath("$[4].parameters").value(60_212_040));
  }

  @Test
  void summarisesANamedArchitecture() throws Exception {
    mvc.perform(
            post("/api/v1/architectures/summary")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"architecture\": \"resnet18\", \"inputShape\": [1, 28, 28], \"numClasses\": 10}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.parameters").value(11_200_298))
        .andExpect(jsonPath("$.multiplyAccumulates").isNumber())
        .andExpect(jsonPath("$.layers[0].name").isString())
        .andExpect(jsonPath("$.layers[0].outputShape").isArray());
  }

  @Test
  void summarisesACustomSpec() throws Exception {
    mvc.perform(
            post("/api/v1/architectures/summary")
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    "{\"architecture\": {\"stem\": [8, 8, 16], \"widths\": [16, 32], \"blocks\": [1, 1],"
                        + " \"block\": \"basic\", \"head\": \"avgpool\", \"residual\": true},"
                        + " \"inputShape\": [3, 64, 64], \"numClasses\": 5}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.parameters").isNumber());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown name | {\"architecture\": \"resnet19\", \"inputShape\": [3, 64, 64], \"numClasses\": 10} | architecture",
        "unknown block | {\"architecture\": {\"blocks\": [2], \"block\": \"dense\"}, \"inputShape\": [3, 64, 64], \"numClasses\": 10} | architecture.block",
        "lengths differ | {\"architecture\": {\"widths\": [8, 16], \"blocks\": [1]}, \"inputShape\": [3, 64, 64], \"numClasses\": 10} | architecture.blocks",
        "unknown spec field | {\"architecture\": {\"blocks\": [1], \"depth\": 3}, \"inputShape\": [3, 64, 64], \"numClasses\": 10} | architecture.depth",
        "input too small | {\"architecture\": \"resnet18\", \"inputShape\": [3, 4, 4], \"numClasses\": 10} | inputShape",
        "bad input shape | {\"architecture\": \"resnet18\", \"inputShape\": [3, 64], \"numClasses\": 10} | inputShape",
        "no classes | {\"architecture\": \"resnet18\", \"inputShape\": [3, 64, 64], \"numClasses\": 0} | numClasses",
        "architecture a number | {\"architecture\": 18, \"inputShape\": [3, 64, 64], \"numClasses\": 10} | architecture",
      })
  void invalidRequestsNameTheField(String name, String body, String field) throws Exception {
    mvc.perform(
            post("/api/v1/architectures/summary")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(400))
        .andExpect(jsonPath("$.errors[*].field", hasItem(field)));
  }
}
