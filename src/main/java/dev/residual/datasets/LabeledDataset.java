package dev.residual.datasets;

import java.util.List;

/**
 * A loaded image-classification dataset: its name, its class names (index = label) and its training
 * and validation splits (for the IDX datasets the validation split is the test set).
 */
public record LabeledDataset(
    String name, List<String> classes, ImageSplit train, ImageSplit valid) {

  public LabeledDataset {
    classes = List.copyOf(classes);
  }

  public int numClasses() {
    return classes.size();
  }
}
