package dev.residual.datasets;

import dev.residual.system.ConflictException;
import dev.residual.system.InvalidRequestException;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Which names a new dataset may take: the same form training requests accept (so the name is also a
 * safe directory name), and none that is built in or already registered.
 */
@Component
public class DatasetNames {

  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private final DatasetRegistry registry;

  DatasetNames(DatasetRegistry registry) {
    this.registry = registry;
  }

  static String requireWellFormed(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw InvalidRequestException.field(
          "name",
          "must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or"
              + " digit");
    }
    return name;
  }

  /** 400 for a malformed name, 409 for one that is taken. */
  public String requireNew(String name) {
    requireWellFormed(name);
    if (BuiltInDatasets.find(name).isPresent() || ArchiveDatasets.find(name).isPresent()) {
      throw new ConflictException("'" + name + "' is the name of a built-in dataset");
    }
    if (registry.find(name).isPresent()) {
      throw new ConflictException("dataset '" + name + "' already exists");
    }
    return name;
  }
}
