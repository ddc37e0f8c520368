package dev.residual.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Failures the code did not turn into domain errors still answer RFC 9457 problems, never Boot's
 * {@code /error} page, and never name a path on the server: a full disk is a 507, another I/O
 * failure a 500, a colliding row a 409.
 */
@WebMvcTest(controllers = ServerErrorProblemTest.FailingController.class)
@Import(ServerErrorProblemTest.FailingController.class)
class ServerErrorProblemTest {

  static final String SECRET_DIR = "/srv/residual-data/datasets/.staging-42";

  @Autowired MockMvc mvc;

  @Test
  void aFullDiskIs507WithoutPaths() throws Exception {
    MvcResult result =
        mvc.perform(get("/failing/disk-full"))
            .andExpect(status().isInsufficientStorage())
            .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
            .andExpect(jsonPath("$.title").value("Insufficient storage"))
            .andReturn();
    assertThat(result.getResponse().getContentAsString()).doesNotContain("/srv");
  }

  @Test
  void anotherIoFailureIs500WithoutPaths() throws Exception {
    MvcResult result =
        mvc.perform(get("/failing/io"))
            .andExpect(status().isInternalServerError())
            .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
            .andExpect(jsonPath("$.status").value(500))
            .andReturn();
    assertThat(result.getResponse().getContentAsString())
        .doesNotContain("/srv")
        .doesNotContain("residual-data")
        .contains("Permission denied");
  }

  @Test
  void anIntegrityViolationIs409WithoutTheSql() throws Exception {
    MvcResult result =
        mvc.perform(get("/failing/integrity"))
            .andExpect(status().isConflict())
            .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
            .andExpect(jsonPath("$.title").value("Conflict"))
            .andReturn();
    assertThat(result.getResponse().getContentAsString())
        .doesNotContain("insert into")
        .doesNotContain("/srv");
  }

  @Test
  void pathsAreRedactedButUrlsAndRelativeNamesAreNot() {
    assertThat(ServerErrors.redactPaths("cannot read " + SECRET_DIR + "/images/cat/1.png: bad"))
        .isEqualTo("cannot read 1.png: bad");
    assertThat(ServerErrors.redactPaths("GET http://example.com/a/b.zip answered 404"))
        .isEqualTo("GET http://example.com/a/b.zip answered 404");
    assertThat(ServerErrors.redactPaths("entry images/cat/1.png is not an image"))
        .isEqualTo("entry images/cat/1.png is not an image");
    assertThat(
            ServerErrors.isDiskFull(
                new IOException("x", new IOException("No space left on device"))))
        .isTrue();
    assertThat(
            ServerErrors.isDiskFull(
                new FileSystemException(SECRET_DIR, null, "No space left on device")))
        .isTrue();
    assertThat(ServerErrors.isDiskFull(new IOException("Broken pipe"))).isFalse();
  }

  @RestController
  static class FailingController {

    @GetMapping("/failing/{failure}")
    String fail(@PathVariable String failure) throws IOException {
      switch (failure) {
        case "disk-full" ->
            throw new FileSystemException(
                SECRET_DIR + "/train.cache", null, "No space left on device");
        case "io" ->
            throw new AccessDeniedException(SECRET_DIR + "/train.cache", null, "Permission denied");
        default ->
            throw new DataIntegrityViolationException(
                "insert into dataset (name) values ('x'); duplicate key in " + SECRET_DIR);
      }
    }
  }
}
