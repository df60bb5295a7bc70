"""What data stewards send back to provinces: the rejected rows of each delivered file."""
