"""Re-delivery (contract.md, "Re-delivery"): the versions of each delivered file and the
rejected rows of each version, kept from run to run, so a replacement can be compared
with the version it replaced."""
