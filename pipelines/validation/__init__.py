"""Data validation with Great Expectations 1.x, run as Dagster asset checks.

- `catalog`: every validation — suite name (= check name), the asset it checks, the frame
  (queries/<frame>.sql) it runs on, its severity;
- `expected`: what the tables must hold, read off the contract and the cleaning code;
- `suites`: the expectation suites as code (imports Great Expectations);
- `run`: a frame in, a validation result and an `Outcome` out; large frames as a seeded
  sample plus exact SQL counts (`exact`);
- `docs`: the ephemeral GX context and its Data Docs site under <output>/validation/.

Nothing here imports Great Expectations at module import except `suites`, which only
`run` imports, inside the functions that validate.
"""
