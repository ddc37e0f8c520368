package dev.residual.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The contract validator itself: it accepts what the contract allows and catches what it does not.
 */
class ContractTest {

  private final Contract contract = Contract.load();

  @Test
  void acceptsADocumentedResponseAndRejectsWrongTypesMissingAndUndocumentedFields() {
    String job =
        "{\"id\": \"3f0c0000-0000-4000-8000-000000000000\", \"kind\": \"train\", \"status\": \"QUEUED\","
            + " \"epochsCompleted\": 0, \"progress\": 0.0, \"attempts\": 0, \"cancelRequested\": false,"
            + " \"createdAt\": \"2026-01-01T00:00:00Z\"}";
    assertThat(
            contract.validateResponse(
                "GET", "/api/v1/training-jobs/3f0c", 200, "application/json", job))
        .isEmpty();
    assertThat(
            contract.validateResponse(
                "GET",
                "/api/v1/training-jobs/x",
                200,
                "application/json",
                job.replace("\"QUEUED\"", "\"LOST\"")))
        .isNotEmpty();
    assertThat(
            contract.validateResponse(
                "GET",
                "/api/v1/training-jobs/x",
                200,
                "application/json",
                job.replace("}", ", \"extra\": 1}")))
        .as("a field the contract does not name")
        .isNotEmpty();
    assertThat(
            contract.validateResponse(
                "GET",
                "/api/v1/training-jobs/x",
                200,
                "application/json",
                job.replace("3f0c0000-0000-4000-8000-000000000000", "not-a-uuid")))
        .as("format: uuid is asserted")
        .isNotEmpty();
  }

  @Test
  void findsProblemDetailsUndocumentedStatusesAndOperations() {
    assertThat(
            contract.validateResponse(
                "GET",
                "/api/v1/models/x",
                404,
                "application/problem+json",
                "{\"title\": \"Not Found\", \"status\": 404, \"detail\": \"no model\"}"))
        .isEmpty();
    assertThat(contract.validateResponse("GET", "/api/v1/nothing", 200, "application/json", "{}"))
        .isNotEmpty();
    assertThat(contract.validateResponse("GET", "/api/v1/models", 200, "text/html", "<p>"))
        .as("undocumented media type")
        .isNotEmpty();
  }

  @Test
  void namesTheSchemaOfEachEventOfEachJobKind() {
    assertThat(contract.eventSchema("train", "done")).hasValue("TrainingDoneEvent");
    assertThat(contract.eventSchema("lr-finder", "done")).hasValue("LrFinderDoneEvent");
    assertThat(contract.eventSchema("train", "epoch")).hasValue("EpochMetrics");
    assertThat(contract.eventSchema("lr-finder", "checkpoint")).isEmpty();
    assertThat(contract.validateSchema("BatchEvent", "{\"epoch\": 1, \"batch\": \"one\"}"))
        .isNotEmpty();
  }
}
