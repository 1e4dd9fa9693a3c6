package dev.chartharness.validate;

/** How bad a finding is: errors fail a run, warnings are reported and do not. */
public enum Severity {
  ERROR,
  WARNING
}
