package dev.residual.datasets;

import dev.residual.datasets.images.ImageStats;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for the {@code dataset} registry; portable between H2 (PostgreSQL mode) and PostgreSQL. */
@Repository
public class DatasetRegistry {

  private static final String COLUMNS =
      "name, source, origin, layout, classes_json, train_size, valid_size, skipped_files,"
          + " image_size, min_width, max_width, mean_width, min_height, max_height, mean_height,"
          + " channel_mean, channel_std, created_at";

  private final JdbcClient jdbc;
  private final JsonMapper json = JsonMapper.builder().build();

  DatasetRegistry(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(DatasetRecord r) {
    ImageStats s = r.imageStats();
    jdbc.sql(
            "insert into dataset (kind, status, "
                + COLUMNS
                + ") values ('"
                + DatasetRecord.KIND
                + "', 'available', :name, :source, :origin, :layout, :classes, :train, :valid,"
                + " :skipped, :size, :minW, :maxW, :meanW, :minH, :maxH, :meanH, :mean, :std,"
                + " :created)")
        .param("name", r.name())
        .param("source", r.source().value())
        .param("origin", r.origin())
        .param("layout", r.layout())
        .param("classes", json.writeValueAsString(r.classes()))
        .param("train", r.trainSize())
        .param("valid", r.validSize())
        .param("skipped", r.skippedFiles())
        .param("size", r.imageSize())
        .param("minW", s.minWidth())
        .param("maxW", s.maxWidth())
        .param("meanW", s.meanWidth())
        .param("minH", s.minHeight())
        .param("maxH", s.maxHeight())
        .param("meanH", s.meanHeight())
        .param("mean", json.writeValueAsString(r.normalization().mean()))
        .param("std", json.writeValueAsString(r.normalization().std()))
        .param("created", OffsetDateTime.ofInstant(r.createdAt(), ZoneOffset.UTC))
        .update();
  }

  public Optional<DatasetRecord> find(String name) {
    return jdbc.sql("select " + COLUMNS + " from dataset where name = :name")
        .param("name", name)
        .query(this::map)
        .optional();
  }

  public List<DatasetRecord> list() {
    return jdbc.sql("select " + COLUMNS + " from dataset order by name").query(this::map).list();
  }

  boolean delete(String name) {
    return jdbc.sql("delete from dataset where name = :name").param("name", name).update() > 0;
  }

  private DatasetRecord map(ResultSet rs, int row) throws SQLException {
    return new DatasetRecord(
        rs.getString("name"),
        DatasetSource.fromValue(rs.getString("source")),
        rs.getString("origin"),
        rs.getString("layout"),
        json.readValue(rs.getString("classes_json"), new TypeReference<List<String>>() {}),
        rs.getInt("train_size"),
        rs.getInt("valid_size"),
        rs.getInt("skipped_files"),
        rs.getInt("image_size"),
        new ImageStats(
            rs.getInt("min_width"),
            rs.getInt("max_width"),
            rs.getDouble("mean_width"),
            rs.getInt("min_height"),
            rs.getInt("max_height"),
            rs.getDouble("mean_height")),
        new Normalization(
            json.readValue(rs.getString("channel_mean"), float[].class),
            json.readValue(rs.getString("channel_std"), float[].class)),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }
}
