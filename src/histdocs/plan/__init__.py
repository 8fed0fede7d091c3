"""Plans: pure descriptions of each output, made before any file is drawn."""
