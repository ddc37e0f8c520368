package dev.residual.training;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Renders the per-epoch history as CSV for spreadsheets and plotting scripts. */
@Component
class MetricsCsv {

  static final List<String> COLUMNS =
      List.of("epoch", "trainLoss", "validLoss", "top1", "top5", "seconds", "imagesPerSecond");

  String render(List<Map<String, Object>> epochs) {
    StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (Map<String, Object> epoch : epochs) {
      for (int i = 0; i < COLUMNS.size(); i++) {
        Object value = epoch.get(COLUMNS.get(i));
        out.append(i == 0 ? "" : ",").append(value == null ? "" : value);
      }
      out.append('\n');
    }
    return out.toString();
  }
}
