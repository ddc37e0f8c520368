package dev.residual.checkpoints;

import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.residual.models.ResNets;
import dev.residual.system.DomainException;
import dev.residual.system.UnprocessableException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exports checkpoints as ONNX models: the graph generated from the checkpoint's architecture, its
 * parameters as initializers, and its self-description in {@code metadata_props}.
 */
@Service
public class OnnxExports {

  /** {@code metadata_props} keys; each value is a string, JSON where it is structured. */
  public static final String CLASSES = "classes";

  public static final String NORMALIZATION = "normalization";
  public static final String INPUT_SHAPE = "input_shape";
  public static final String ARCHITECTURE = "architecture";
  public static final String CHECKPOINT_ID = "checkpoint_id";
  public static final String RESIDUAL_VERSION = "residual_version";

  private final CheckpointStore store;
  private final CheckpointNetworks networks;
  private final JsonMapper json;
  private final String version;

  public OnnxExports(CheckpointStore store, CheckpointNetworks networks, JsonMapper json) {
    this.store = store;
    this.networks = networks;
    this.json = json;
    // The jar's manifest names the version; classes run from a build directory have none.
    String implementation = OnnxExports.class.getPackage().getImplementationVersion();
    this.version = implementation == null ? "development" : implementation;
  }

  /** An exported model: its checkpoint and the bytes of its {@code .onnx} file. */
  public record OnnxFile(UUID checkpointId, byte[] bytes) {

    /** The file as an HTTP download named {@code checkpoint-<id>.onnx}. */
    public ResponseEntity<byte[]> download() {
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_OCTET_STREAM)
          .header(
              HttpHeaders.CONTENT_DISPOSITION,
              ContentDisposition.attachment()
                  .filename("checkpoint-" + checkpointId + ".onnx")
                  .build()
                  .toString())
          .body(bytes);
    }
  }

  /**
   * Exports checkpoint {@code id}.
   *
   * @throws DomainException 404 if there is no such checkpoint, 422 if its parameters cannot be
   *     read
   */
  public OnnxFile export(UUID id) {
    Checkpoint checkpoint = store.find(id);
    CheckpointMetadata metadata = checkpoint.metadata();
    List<Integer> shape = metadata.inputShape();
    try (NDManager manager = NDManager.newBaseManager()) {
      Block network = networks.load(id, metadata, manager);
      byte[] bytes =
          ResNets.toOnnx(
              network,
              shape.get(1),
              shape.get(2),
              version,
              "Residual checkpoint " + id + " (epoch " + metadata.epoch() + ")",
              metadataProps(id, metadata));
      return new OnnxFile(id, bytes);
    } catch (EOFException
        | MalformedModelException
        | EngineException
        | IllegalArgumentException e) {
      throw new UnprocessableException(
          "Checkpoint cannot be exported",
          "The parameters of checkpoint " + id + " do not fit its architecture: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<String, String> metadataProps(UUID id, CheckpointMetadata metadata) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put(CLASSES, json.writeValueAsString(metadata.classes()));
    props.put(NORMALIZATION, json.writeValueAsString(metadata.normalization()));
    props.put(INPUT_SHAPE, json.writeValueAsString(metadata.inputShape()));
    props.put(ARCHITECTURE, json.writeValueAsString(metadata.architecture()));
    props.put(CHECKPOINT_ID, id.toString());
    props.put(RESIDUAL_VERSION, version);
    return props;
  }
}
