"""Reading delivered files as they are: finding them, decoding, locating the header row,
and loading every data row into the raw layer with its lineage."""
