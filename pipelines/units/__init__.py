"""The reporting unit (one of the 32 provinces) each delivered file and row concerns."""
