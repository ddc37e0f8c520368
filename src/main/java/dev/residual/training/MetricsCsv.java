package dev.residual.training;

import java.util.List;
import org.springframework.stereotype.Component;

/** Renders the per-epoch history as CSV for spreadsheets and plotting scripts. */
@Component
class MetricsCsv {

  static final List<String> COLUMNS = EpochMetrics.COLUMNS;

  String render(List<EpochMetrics> epochs) {
    StringBuilder out = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (EpochMetrics epoch : epochs) {
      List<Object> values = epoch.values();
      for (int i = 0; i < values.size(); i++) {
        Object value = values.get(i);
        out.append(i == 0 ? "" : ",").append(value == null ? "" : value);
      }
      out.append('\n');
    }
    return out.toString();
  }
}
