"""The rubric engine: criteria as data, a closed set of check types, pure scoring."""
