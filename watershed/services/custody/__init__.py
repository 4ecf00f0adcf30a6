"""Who keeps which segment (分段包保): assigning, reassigning, ending custody, the history,
automatic assignment."""
