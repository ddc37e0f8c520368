package dev.residual.checkpoints;

import dev.residual.checkpoints.CheckpointRepository.Stored;
import dev.residual.system.DomainException;
import dev.residual.system.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipFile;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Saves, finds, reads and deletes self-describing checkpoints. A row exists only for a complete,
 * fsynced archive whose SHA-256 it records, and every read checks that hash first.
 */
@Service
public class CheckpointStore {

  /** The entry holding DJL's parameter bytes. */
  public static final String MODEL_PARAMS = "model.params";

  /** The optional entry holding optimizer and training state. */
  public static final String OPTIMIZER_STATE = "optimizer.bin";

  private final CheckpointRepository repository;
  private final CheckpointFiles files;
  private final CheckpointProperties properties;
  private final JsonMapper jsonMapper;
  private final CheckpointGuard guard;
  private final CheckpointMeters meters;

  CheckpointStore(
      CheckpointRepository repository,
      CheckpointFiles files,
      CheckpointProperties properties,
      JsonMapper jsonMapper,
      List<CheckpointUsage> usages,
      CheckpointMeters meters) {
    this.repository = repository;
    this.files = files;
    this.properties = properties;
    this.jsonMapper = jsonMapper;
    this.guard = new CheckpointGuard(usages);
    this.meters = meters;
  }

  /**
   * Writes the archive atomically, then records it. If recording fails the file is removed; if the
   * process dies in between, the file has no row, is never listed, and the janitor deletes it.
   */
  public Checkpoint save(NewCheckpoint c) throws IOException {
    UUID id = UUID.randomUUID();
    byte[] metadata = jsonMapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(c.metadata());
    String fileName = CheckpointFiles.fileName(c.jobId(), id);
    files.claim(fileName);
    try {
      long start = System.nanoTime();
      CheckpointFiles.Written written =
          files.write(
              fileName,
              out -> CheckpointArchive.write(out, metadata, c.modelParams(), c.optimizerState()));
      meters.written(System.nanoTime() - start, written.size());
      Checkpoint checkpoint =
          new Checkpoint(
              id,
              c.jobId(),
              c.epoch(),
              written.sha256(),
              written.size(),
              c.top1(),
              Instant.now().truncatedTo(ChronoUnit.MICROS),
              c.metadata());
      try {
        repository.insert(checkpoint, fileName, metadata);
      } catch (RuntimeException e) {
        files.delete(written.path());
        throw e;
      }
      return checkpoint;
    } finally {
      files.release(fileName);
    }
  }

  /** The checkpoint, or a 404 {@link DomainException}. */
  public Checkpoint find(UUID id) {
    return require(id).checkpoint();
  }

  /** A job's checkpoints, latest epoch first. */
  public List<Checkpoint> findByJob(UUID jobId) {
    return repository.findByJob(jobId).stream().map(Stored::checkpoint).toList();
  }

  /** The newest {@code limit} checkpoints of all jobs, newest first. */
  public List<Checkpoint> findRecent(int limit) {
    return repository.findRecent(limit).stream().map(Stored::checkpoint).toList();
  }

  /** The checkpoint of the job's highest epoch, to resume from. */
  public Optional<Checkpoint> latestForJob(UUID jobId) {
    return repository.findLatest(jobId).map(Stored::checkpoint);
  }

  /** The job's checkpoint with the highest top-1; ties go to the later epoch. */
  public Optional<Checkpoint> bestForJob(UUID jobId) {
    return repository.findBest(jobId).map(Stored::checkpoint);
  }

  /**
   * Opens {@link #MODEL_PARAMS} or {@link #OPTIMIZER_STATE} of a checkpoint after verifying the
   * archive's SHA-256 and layout. The caller closes the stream.
   *
   * @throws InvalidCheckpointException (422) if the file is damaged, missing or malformed
   * @throws DomainException 404 if the checkpoint, or the optional entry, does not exist
   */
  public InputStream openPayload(UUID id, String entry) throws IOException {
    requirePayloadName(entry);
    Stored stored = require(id);
    Path path = files.resolve(stored.fileName());
    files.verify(id, path, stored.checkpoint().sha256());
    ZipFile zip = CheckpointArchive.open(path, properties);
    try {
      CheckpointArchive.readMetadata(zip, properties, jsonMapper);
      if (zip.getEntry(entry) == null) {
        throw new NotFoundException("Checkpoint entry", id + "/" + entry);
      }
      return CheckpointArchive.openEntry(zip, entry);
    } catch (IOException | RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  /** Whether the checkpoint's archive has the entry, e.g. to resume with optimizer state. */
  public boolean hasPayload(UUID id, String entry) throws IOException {
    requirePayloadName(entry);
    try (ZipFile zip = CheckpointArchive.open(files.resolve(require(id).fileName()), properties)) {
      return zip.getEntry(entry) != null;
    }
  }

  /**
   * Checks an archive that is not (yet) recorded, e.g. an upload: magic, entries, declared sizes
   * and metadata.
   *
   * @throws InvalidCheckpointException (422) naming the defect
   */
  public CheckpointMetadata inspect(Path archive) throws IOException {
    try (ZipFile zip = CheckpointArchive.open(archive, properties)) {
      return CheckpointArchive.readMetadata(zip, properties, jsonMapper);
    }
  }

  /** The verified archive as a stream, for downloads. */
  ArchiveStream openArchive(UUID id) throws IOException {
    Stored stored = require(id);
    Checkpoint c = stored.checkpoint();
    InputStream in = files.openVerified(id, files.resolve(stored.fileName()), c.sha256());
    return new ArchiveStream(c.id(), c.sha256(), c.sizeBytes(), in);
  }

  /** An open, verified archive; whoever receives it closes {@code stream}. */
  record ArchiveStream(UUID id, String sha256, long sizeBytes, InputStream stream) {}

  /**
   * Deletes a checkpoint: the row first, so nothing points at a vanishing file, then the file.
   *
   * @throws DomainException 404 if unknown, 409 if a {@link CheckpointUsage} claims it
   */
  public void delete(UUID id) {
    Stored stored = require(id);
    guard.requireUnused(id);
    remove(stored);
  }

  /**
   * Keeps the job's best checkpoint (by top-1) and its {@code keepLast} latest, deleting the rest
   * except those in use, and returns the ids deleted.
   */
  public List<UUID> applyRetention(UUID jobId, int keepLast) {
    if (keepLast < 1) {
      throw new IllegalArgumentException("keepLast must be at least 1, was " + keepLast);
    }
    List<Stored> all = repository.findByJob(jobId);
    Set<UUID> keep = new HashSet<>();
    all.stream().limit(keepLast).forEach(s -> keep.add(s.checkpoint().id()));
    repository.findBest(jobId).ifPresent(s -> keep.add(s.checkpoint().id()));
    List<UUID> deleted = new ArrayList<>();
    for (Stored stored : all) {
      UUID id = stored.checkpoint().id();
      if (!keep.contains(id) && !guard.isInUse(id)) {
        remove(stored);
        deleted.add(id);
      }
    }
    return deleted;
  }

  /**
   * Deletes every checkpoint of a job, for when the job is deleted; call it before deleting the
   * job. Nothing is deleted, and a 409 is thrown, if any of them is in use.
   *
   * @return how many checkpoints were deleted
   */
  public int deleteAllForJob(UUID jobId) {
    List<Stored> all = repository.findByJob(jobId);
    all.forEach(s -> guard.requireUnused(s.checkpoint().id()));
    all.forEach(this::remove);
    files.deleteDirectoryIfEmpty(jobId);
    return all.size();
  }

  private void remove(Stored stored) {
    if (repository.delete(stored.checkpoint().id())) {
      files.delete(files.resolve(stored.fileName()));
    }
  }

  private Stored require(UUID id) {
    return repository
        .find(id)
        .orElseThrow(() -> new NotFoundException("Checkpoint", id.toString()));
  }

  private static void requirePayloadName(String entry) {
    if (!MODEL_PARAMS.equals(entry) && !OPTIMIZER_STATE.equals(entry)) {
      throw new IllegalArgumentException(
          "payload must be " + MODEL_PARAMS + " or " + OPTIMIZER_STATE + ", was " + entry);
    }
  }
}
